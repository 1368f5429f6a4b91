package io.skiff.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The health check's two messages in their gRPC frames, byte for byte. */
class HealthProtocolTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void aRequestForTheServerIsAnEmptyMessage() {
        assertThat(HEX.formatHex(HealthProtocol.request(""))).isEqualTo("0000000000");
    }

    @Test
    void aRequestNamesTheService() {
        assertThat(HEX.formatHex(HealthProtocol.request("api"))).isEqualTo("00000000050a03617069");
    }

    @Test
    void readsTheServingStatusSkippingFieldsItDoesNotKnow() throws Exception {
        // field 2 (a string "x") before field 1 = NOT_SERVING
        byte[] frame = HEX.parseHex("0000000005" + "120178" + "0802");

        assertThat(HealthProtocol.status(frame)).contains(2);
        assertThat(HealthProtocol.status(HealthProtocol.response(1))).contains(1);
        assertThat(HealthProtocol.status(HealthProtocol.response(0))).contains(0);
        assertThat(HealthProtocol.status(new byte[0])).isEmpty();
    }

    @Test
    void aTruncatedFrameIsMalformed() {
        assertThatThrownBy(() -> HealthProtocol.status(HEX.parseHex("0000000009" + "08")))
                .isInstanceOf(HealthProtocol.MalformedMessage.class);
    }

    @Test
    void namesAsGrpcGoPrintsThem() {
        assertThat(HealthProtocol.statusName(2)).isEqualTo("NOT_SERVING");
        assertThat(HealthProtocol.statusName(9)).isEqualTo("9");
        assertThat(HealthProtocol.codeName(5)).isEqualTo("NotFound");
        assertThat(HealthProtocol.decodeMessage("unknown%20service%3A%20a+b")).isEqualTo("unknown service: a+b");
    }
}
