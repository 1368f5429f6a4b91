package io.skiff.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.model.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ContinueTokenTest {

    @Test
    void roundTripsInKubernetesFormat() {
        ContinueToken token = ContinueToken.afterKey(42, "ns/name");
        String json = new String(Base64.getUrlDecoder().decode(token.encode()), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"v\":\"meta.k8s.io/v1\",\"rv\":42,\"start\":\"ns/name\\u0000\"}");
        assertThat(ContinueToken.decode(token.encode())).isEqualTo(token);
    }

    @Test
    void startKeySortsRightAfterTheLastKey() {
        String start = ContinueToken.afterKey(1, "ns/a").startKey();
        assertThat(start.compareTo("ns/a")).isPositive();
        assertThat(start.compareTo("ns/a-b")).isNegative();
        assertThat(start.compareTo("ns/b")).isNegative();
    }

    @Test
    void rejectsGarbageWithBadRequest() {
        assertThatThrownBy(() -> ContinueToken.decode("!!!"))
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).code())
                .isEqualTo(400);
        String wrongVersion = Base64.getUrlEncoder()
                .encodeToString("{\"v\":\"x\",\"rv\":1,\"start\":\"a\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ContinueToken.decode(wrongVersion)).isInstanceOf(ApiException.class);
    }

    @Test
    void rejectsTokensKubernetesRejectsWithItsMessages() {
        assertThat(rejection("{\"v\":\"meta.k8s.io/v1\",\"rv\":0,\"start\":\"ns/a\"}"))
                .isEqualTo(
                        "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
        assertThat(rejection("{\"v\":\"meta.k8s.io/v1\",\"rv\":3,\"start\":\"\"}"))
                .isEqualTo("continue key is not valid: encoded start key empty (version meta.k8s.io/v1)");
        assertThat(rejection("{\"v\":\"meta.k8s.io/v2\",\"rv\":3,\"start\":\"ns/a\"}"))
                .isEqualTo("continue key is not valid: server does not recognize this encoded version");
        for (String traversal : new String[] {"../../x", "ns/../other/a", "ns//a", "ns/./a", "ns/a/"}) {
            assertThat(rejection("{\"v\":\"meta.k8s.io/v1\",\"rv\":3,\"start\":\"" + traversal + "\"}"))
                    .isEqualTo("continue key is not valid: " + traversal);
        }
        assertThat(ContinueToken.decode(encode("{\"v\":\"meta.k8s.io/v1\",\"rv\":3,\"start\":\"/cluster-scoped\"}"))
                        .startKey())
                .isEqualTo("/cluster-scoped");
    }

    private static String rejection(String json) {
        try {
            ContinueToken.decode(encode(json));
        } catch (ApiException e) {
            assertThat(e.code()).isEqualTo(400);
            return e.status().getMessage();
        }
        throw new AssertionError("accepted " + json);
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
