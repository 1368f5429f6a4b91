package io.skiff.apiserver.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.storage.DatastoreEndpoint;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore against a real API server on embedded PostgreSQL: what a backup holds comes
 * back exactly, clients holding older resource versions are told to list again, and a bad file or
 * a running server leaves the registry as it was.
 */
class RegistryBackupIntegrationTest {

    private static final String NS = "/api/v1/namespaces/backup/configmaps";

    @TempDir
    Path work;

    private String jdbcUrl;
    private DatastoreEndpoint endpoint;

    @BeforeEach
    void database() {
        jdbcUrl = TestPostgres.newDatabase();
        endpoint = new DatastoreEndpoint(jdbcUrl, TestPostgres.username(), null);
    }

    @Test
    void aRestoreBringsBackWhatTheBackupHeldAndExpiresOlderResourceVersions() throws Exception {
        Path file = work.resolve("registry.backup");
        String clusterIp;
        long beforeRestore;
        try (ApiServerInstance server = ApiServerInstance.onDatabase(jdbcUrl)) {
            KubeHttp http = new KubeHttp(server.baseUrl());
            // The API server publishes the kubernetes Service (and its allocation) from a loop.
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> http.get("/api/v1/namespaces/default/services/kubernetes")
                                    .code()
                            == 200);
            http.createNamespace("backup");
            http.post(NS, KubeHttp.configMap("kept", "k", "1").toString());
            http.post(NS, KubeHttp.configMap("changed", "k", "before").toString());
            clusterIp = http.post("/api/v1/namespaces/backup/services", service("web"))
                    .text("/spec/clusterIP");

            BackupSummary summary;
            try (OutputStream out = Files.newOutputStream(file)) {
                summary = new RegistryBackup(Clock.systemUTC()).write(endpoint, out);
            }
            assertThat(summary.objects()).isGreaterThanOrEqualTo(5);
            assertThat(summary.allocations()).isGreaterThanOrEqualTo(2); // kubernetes and web

            http.patch(NS + "/changed", "{\"data\":{\"k\":\"after\"}}", "application/merge-patch+json");
            http.post(NS, KubeHttp.configMap("added", "k", "1").toString());
            http.delete("/api/v1/namespaces/backup/services/web");
            beforeRestore = Long.parseLong(http.get(NS).text("/metadata/resourceVersion"));

            assertThatThrownBy(() -> restore(Files.newInputStream(file), false))
                    .isInstanceOf(ActiveApiServerException.class)
                    .hasMessageContaining("stop every skiff server");
        }

        BackupSummary restored = restore(Files.newInputStream(file), false);
        assertThat(restored.objects()).isGreaterThanOrEqualTo(5);

        try (ApiServerInstance server = ApiServerInstance.onDatabase(jdbcUrl)) {
            KubeHttp http = new KubeHttp(server.baseUrl());
            assertThat(names(http.get(NS).body())).containsExactlyInAnyOrder("changed", "kept");
            assertThat(http.get(NS + "/changed").text("/data/k")).isEqualTo("before");
            assertThat(http.get("/api/v1/namespaces/backup/services/web").text("/spec/clusterIP"))
                    .isEqualTo(clusterIp);

            // The address is held again: asking for it is a conflict, as for any taken address.
            KubeHttp.Reply taken = http.post("/api/v1/namespaces/backup/services", service("other", clusterIp));
            assertThat(taken.code()).isEqualTo(422);

            JsonNode event = http.watch(NS + "?watch=true&resourceVersion=" + beforeRestore)
                    .poll(10, TimeUnit.SECONDS);
            assertThat(event).isNotNull();
            assertThat(event.path("type").asText()).as("event %s", event).isEqualTo("ERROR");
            assertThat(event.at("/object/code").asInt()).isEqualTo(410);

            long next = Long.parseLong(
                    http.post(NS, KubeHttp.configMap("new", "k", "1").toString())
                            .text("/metadata/resourceVersion"));
            assertThat(next).isGreaterThan(beforeRestore);
        }
    }

    @Test
    void aCutOffOrForeignFileChangesNothing() throws Exception {
        ByteArrayOutputStream backup = new ByteArrayOutputStream();
        try (ApiServerInstance server = ApiServerInstance.onDatabase(jdbcUrl)) {
            KubeHttp http = new KubeHttp(server.baseUrl());
            http.createNamespace("backup");
            for (int i = 0; i < 5; i++) {
                http.post(NS, KubeHttp.configMap("cm" + i, "k", "v").toString());
            }
            new RegistryBackup(Clock.systemUTC()).write(endpoint, backup);
            http.delete(NS + "/cm0");
        }
        List<String> lines = lines(backup.toByteArray());

        assertThatThrownBy(() -> restore(gzip(lines.subList(0, lines.size() - 3)), false))
                .isInstanceOf(InvalidBackupException.class)
                .hasMessageContaining("ends early");
        byte[] whole = backup.toByteArray();
        assertThatThrownBy(() -> restore(new ByteArrayInputStream(Arrays.copyOf(whole, whole.length / 2)), false))
                .isInstanceOf(InvalidBackupException.class);
        assertThatThrownBy(() -> restore(gzip(List.of("{\"kind\":\"Pod\"}")), false))
                .isInstanceOf(InvalidBackupException.class)
                .hasMessageContaining("not a Skiff backup");
        assertThatThrownBy(() -> restore(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)), false))
                .isInstanceOf(InvalidBackupException.class)
                .hasMessageContaining("not gzip-compressed");

        try (ApiServerInstance server = ApiServerInstance.onDatabase(jdbcUrl)) {
            assertThat(names(new KubeHttp(server.baseUrl()).get(NS).body()))
                    .containsExactlyInAnyOrder("cm1", "cm2", "cm3", "cm4");
        }
    }

    private BackupSummary restore(InputStream in, boolean force) throws Exception {
        return new RegistryRestore(Clock.systemUTC()).restore(endpoint, in, force);
    }

    private static String service(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":{\"ports\":[{\"port\":80}]}}";
    }

    private static String service(String name, String clusterIp) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":{\"clusterIP\":\"" + clusterIp + "\",\"ports\":[{\"port\":80}]}}";
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.path("items").forEach(item -> names.add(item.at("/metadata/name").asText()));
        return names;
    }

    private static List<String> lines(byte[] gzipped) throws Exception {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static InputStream gzip(List<String> lines) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
