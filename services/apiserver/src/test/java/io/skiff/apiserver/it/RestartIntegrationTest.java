package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded registry keeps its data under the data directory across a stop and a start. */
class RestartIntegrationTest {

    @TempDir
    Path dataDir;

    @Test
    void objectsSurviveARestartOnTheSameDataDirectory() {
        String uid;
        long revision;
        try (ApiServerInstance server = ApiServerInstance.embedded(dataDir)) {
            KubeHttp http = new KubeHttp(server.baseUrl());
            assertThat(http.createNamespace("durable").code()).isEqualTo(201);
            KubeHttp.Reply created = http.post(
                    "/api/v1/namespaces/durable/configmaps",
                    KubeHttp.configMap("kept", "k", "v").toString());
            assertThat(created.code()).isEqualTo(201);
            uid = created.text("/metadata/uid");
            revision = Long.parseLong(created.text("/metadata/resourceVersion"));
        }
        try (ApiServerInstance server = ApiServerInstance.embedded(dataDir)) {
            KubeHttp http = new KubeHttp(server.baseUrl());
            KubeHttp.Reply read = http.get("/api/v1/namespaces/durable/configmaps/kept");
            assertThat(read.code()).isEqualTo(200);
            assertThat(read.text("/metadata/uid")).isEqualTo(uid);
            assertThat(read.text("/data/k")).isEqualTo("v");
            KubeHttp.Reply next = http.post(
                    "/api/v1/namespaces/durable/configmaps",
                    KubeHttp.configMap("next", "k", "v").toString());
            assertThat(Long.parseLong(next.text("/metadata/resourceVersion"))).isGreaterThan(revision);
        }
    }
}
