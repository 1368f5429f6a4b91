package io.skiff.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.skiff.model.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Bodies that are not a decodable Kubernetes protobuf object, and the Status each earns. */
class MalformedBodyTest {

    private final ProtobufDecoder decoder = ProtobufDecoder.builtin();

    @Test
    void jsonIsNotProtobuf() {
        ApiException error = fail("{\"kind\":\"Namespace\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(error.code()).isEqualTo(400);
        assertThat(error.getMessage()).contains("expected prefix [107 56 115 0]");
    }

    @Test
    void emptyBodies() {
        assertThat(fail(new byte[0]).getMessage()).isEqualTo("empty data");
        assertThat(fail(Wire.hex("6b387300")).getMessage()).isEqualTo("empty body");
        assertThat(fail(Wire.hex("6b38")).code()).isEqualTo(400);
    }

    @Test
    void truncatedEnvelope() {
        byte[] body = Wire.envelope("v1", "Pod", pod());

        ApiException error = fail(Arrays.copyOf(body, body.length - 20));

        assertThat(error.code()).isEqualTo(400);
        assertThat(error.reason()).isEqualTo("BadRequest");
    }

    @Test
    void truncatedObjectInACompleteEnvelope() {
        ByteString raw = pod().toByteString();

        ApiException error = fail(Wire.envelope("v1", "Pod", raw.substring(0, raw.size() - 3)));

        assertThat(error.code()).isEqualTo(400);
        assertThat(error.getMessage()).contains("Pod could not be decoded");
    }

    @Test
    void envelopeWithoutKindOrVersion() {
        assertThat(fail(Wire.envelope("v1", "", pod())).getMessage()).contains("'Kind' is missing");
        assertThat(fail(Wire.envelope("", "Pod", pod())).getMessage()).contains("'apiVersion' is missing");
    }

    @Test
    void kindsWithoutAMessageAreUnsupported() {
        ApiException custom = fail(Wire.envelope("example.com/v1", "Widget", ByteString.EMPTY));
        ApiException wrongGroup = fail(Wire.envelope("apps/v1", "Pod", pod()));

        assertThat(custom.code()).isEqualTo(415);
        assertThat(custom.reason()).isEqualTo("UnsupportedMediaType");
        assertThat(custom.getMessage()).contains("example.com/v1, Kind=Widget");
        assertThat(wrongGroup.code()).isEqualTo(415);
    }

    @Test
    void rawExtensionThatIsNotJson() {
        V1Apps.ControllerRevision revision = V1Apps.ControllerRevision.newBuilder()
                .setData(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFromUtf8("{not json")))
                .build();

        assertThat(fail(Wire.envelope("apps/v1", "ControllerRevision", revision))
                        .code())
                .isEqualTo(400);
    }

    @Test
    void intOrStringOfAnUnknownType() {
        V1.Service service = V1.Service.newBuilder()
                .setSpec(V1.ServiceSpec.newBuilder()
                        .addPorts(V1.ServicePort.newBuilder()
                                .setPort(80)
                                .setTargetPort(IntStr.IntOrString.newBuilder().setType(7))))
                .build();

        assertThat(fail(Wire.envelope("v1", "Service", service)).getMessage())
                .isEqualTo("impossible IntOrString.Type 7");
    }

    private ApiException fail(byte[] body) {
        return catchThrowableOfType(ApiException.class, () -> decoder.decode(body));
    }

    private static V1.Pod pod() {
        return V1.Pod.newBuilder()
                .setMetadata(Wire.meta("app"))
                .setSpec(V1.PodSpec.newBuilder()
                        .addContainers(V1.Container.newBuilder().setName("app").setImage("example/app:1")))
                .build();
    }
}
