package io.skiff.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Authentication;
import org.junit.jupiter.api.Test;

/**
 * Bodies exactly as kubectl sends them, and the JSON its JSON encoder writes for the same command,
 * compared as text so field order and every null count too.
 */
class KubectlBodiesTest {

    private final ProtobufDecoder decoder = ProtobufDecoder.builtin();

    @Test
    void createConfigMapAsCapturedFromKubectl() throws Exception {
        // kubectl v1.34.3: create configmap demo --from-literal=hello=engenho
        byte[] body = Wire.hex("""
                6b387300 0a0f0a027631 1209 436f6e6669674d6170
                1228 0a14 0a0464656d6f 1200 1a00 2200 2a00 3200 3800 4200
                1210 0a0568656c6c6f 1207656e67656e686f
                1a00 2200
                """);

        assertThat(text(body))
                .isEqualTo("{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\","
                        + "\"metadata\":{\"name\":\"demo\",\"creationTimestamp\":null},"
                        + "\"data\":{\"hello\":\"engenho\"}}");
    }

    @Test
    void createSecretAsCapturedFromKubectl() throws Exception {
        // kubectl create secret generic test-secret --from-literal=k=v -n default
        byte[] body = Wire.hex("""
                6b387300 0a0c0a027631 1206 536563726574
                122e 0a22 0a0b746573742d736563726574 1200 1a0764656661756c74 2200 2a00 3200 3800 4200
                1206 0a016b 120176
                1a00
                1a00 2200
                """);

        assertThat(text(body))
                .isEqualTo("{\"kind\":\"Secret\",\"apiVersion\":\"v1\","
                        + "\"metadata\":{\"name\":\"test-secret\",\"namespace\":\"default\",\"creationTimestamp\":null},"
                        + "\"data\":{\"k\":\"dg==\"}}");
    }

    @Test
    void createNamespaceBuiltAsClientGoWritesIt() throws Exception {
        V1.Namespace namespace = V1.Namespace.newBuilder()
                .setMetadata(Wire.meta("foo"))
                .setSpec(V1.NamespaceSpec.getDefaultInstance())
                .setStatus(V1.NamespaceStatus.newBuilder().setPhase(""))
                .build();
        byte[] body = Wire.envelope("v1", "Namespace", namespace);

        // The same layout as the captured bodies above: the test objects are shaped like kubectl's.
        assertThat(body).isEqualTo(Wire.hex("""
                        6b387300 0a0f0a027631 1209 4e616d657370616365
                        121b 0a13 0a03666f6f 1200 1a00 2200 2a00 3200 3800 4200 1200 1a02 0a00
                        1a00 2200
                        """));
        assertThat(text(body))
                .isEqualTo("{\"kind\":\"Namespace\",\"apiVersion\":\"v1\","
                        + "\"metadata\":{\"name\":\"foo\",\"creationTimestamp\":null},\"spec\":{},\"status\":{}}");
    }

    @Test
    void createTokenKeepsTheNullsOfFieldsWithoutOmitempty() throws Exception {
        V1Authentication.TokenRequest request = V1Authentication.TokenRequest.newBuilder()
                .setMetadata(Wire.meta("").setName(""))
                .setSpec(V1Authentication.TokenRequestSpec.getDefaultInstance())
                .setStatus(V1Authentication.TokenRequestStatus.newBuilder()
                        .setToken("")
                        .setExpirationTimestamp(Meta.Time.getDefaultInstance()))
                .build();

        assertThat(text(Wire.envelope("authentication.k8s.io/v1", "TokenRequest", request)))
                .isEqualTo("{\"kind\":\"TokenRequest\",\"apiVersion\":\"authentication.k8s.io/v1\","
                        + "\"metadata\":{\"creationTimestamp\":null},"
                        + "\"spec\":{\"audiences\":null,\"expirationSeconds\":null,\"boundObjectRef\":null},"
                        + "\"status\":{\"token\":\"\",\"expirationTimestamp\":null}}");
    }

    private String text(byte[] body) throws Exception {
        return new ObjectMapper().writeValueAsString(decoder.decode(body));
    }
}
