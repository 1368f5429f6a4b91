package io.skiff.bench.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DnsQueryTest {

    @Test
    void anAQueryIsLaidOutAsRfc1035Says() {
        byte[] query = DnsQuery.a(0x1234, "web.ns.svc.cluster.local");
        assertThat(query).startsWith(0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'w', 'e', 'b', 2, 'n', 's');
        assertThat(query).endsWith(5, 'l', 'o', 'c', 'a', 'l', 0, 0, 1, 0, 1);
        assertThat(query).hasSize(12 + "web.ns.svc.cluster.local".length() + 2 + 4);
    }

    @Test
    void theHeaderOfAnAnswerSaysWhetherItAnswered() {
        byte[] answer = {0x12, 0x34, (byte) 0x85, 0x00, 0, 1, 0, 1, 0, 0, 0, 0};
        DnsQuery.Header header = DnsQuery.header(answer, answer.length);
        assertThat(header.id()).isEqualTo(0x1234);
        assertThat(header.answered()).isTrue();
        byte[] nxdomain = {0x12, 0x34, (byte) 0x85, 0x03, 0, 1, 0, 0, 0, 1, 0, 0};
        assertThat(DnsQuery.header(nxdomain, nxdomain.length).answered()).isFalse();
        byte[] truncated = {0x12, 0x34, (byte) 0x87, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
        assertThat(DnsQuery.header(truncated, truncated.length).truncated()).isTrue();
    }

    @Test
    void onlyLoopbackDnsServersAreAccepted() {
        assertThat(new LoopbackDnsServer().convert("127.0.0.1:1053").getPort()).isEqualTo(1053);
        assertThatThrownBy(() -> new LoopbackDnsServer().convert("10.96.0.10:53"))
                .isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> new LoopbackDnsServer().convert("localhost:53"))
                .isInstanceOf(TypeConversionException.class);
    }
}
