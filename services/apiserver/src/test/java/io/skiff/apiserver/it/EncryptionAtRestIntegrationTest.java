package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets encrypted at rest on real API servers and PostgreSQL: the rows hold no secret value, every
 * way of reading gives the plaintext back, keys rotate as Kubernetes documents, and a server
 * without the key answers InternalError for what it cannot decrypt while serving everything else.
 */
class EncryptionAtRestIntegrationTest {

    private static final String SECRETS = "/api/v1/namespaces/enc/secrets";
    private static final String VALUE = "correct-horse-battery-staple";
    private static final String VALUE_BASE64 =
            Base64.getEncoder().encodeToString(VALUE.getBytes(StandardCharsets.UTF_8));
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private final String database = TestPostgres.newDatabase();
    private final String key1 = newKey();
    private final String key2 = newKey();

    @Test
    void secretsAreStoredEncryptedAndReadBackInPlaintextOnEveryServer() throws Exception {
        Path config = write("config.yaml", config(aesgcm("key1", key1), "- identity: {}"));
        try (ApiServerInstance first = start(config);
                ApiServerInstance second = start(config)) {
            KubeHttp a = new KubeHttp(first.baseUrl());
            KubeHttp b = new KubeHttp(second.baseUrl());
            assertThat(a.createNamespace("enc").code()).isEqualTo(201);
            BlockingQueue<JsonNode> watch = b.watch(SECRETS + "?watch=true");

            assertThat(a.post(SECRETS, secret("db", "tier: backend")).code()).isEqualTo(201);
            assertThat(a.post(
                                    "/api/v1/namespaces/enc/configmaps",
                                    KubeHttp.configMap("plain", "k", VALUE).toString())
                            .code())
                    .isEqualTo(201);

            List<byte[]> rows = storedValues("secrets", "db");
            assertThat(rows).hasSizeGreaterThanOrEqualTo(2); // the object and its change-log entry
            for (byte[] row : rows) {
                String text = new String(row, StandardCharsets.ISO_8859_1);
                assertThat(text).startsWith("k8s:enc:aesgcm:v1:key1:");
                assertThat(text)
                        .doesNotContain(VALUE_BASE64)
                        .doesNotContain(VALUE)
                        .doesNotContain("backend");
            }
            // Resources the configuration does not name stay plain JSON.
            assertThat(new String(storedValues("configmaps", "plain").get(0), StandardCharsets.UTF_8))
                    .startsWith("{")
                    .contains(VALUE);

            JsonNode event = watch.poll(10, TimeUnit.SECONDS);
            assertThat(event.path("type").asText()).isEqualTo("ADDED");
            assertThat(event.at("/object/data/password").asText()).isEqualTo(VALUE_BASE64);
            for (KubeHttp server : List.of(a, b)) {
                assertThat(server.get(SECRETS + "/db").text("/data/password")).isEqualTo(VALUE_BASE64);
                JsonNode selected =
                        server.get(SECRETS + "?labelSelector=tier%3Dbackend").body();
                assertThat(selected.at("/items/0/data/password").asText()).isEqualTo(VALUE_BASE64);
                assertThat(server.get(SECRETS + "?fieldSelector=type%3DOpaque")
                                .body()
                                .path("items"))
                        .hasSize(1);
            }
        }
    }

    @Test
    void plaintextFromBeforeEncryptionIsReadAndKeysRotateThroughKubectlReplace() throws Exception {
        try (ApiServerInstance plain = ApiServerInstance.onDatabase(database)) {
            KubeHttp http = new KubeHttp(plain.baseUrl());
            assertThat(http.createNamespace("enc").code()).isEqualTo(201);
            assertThat(http.post(SECRETS, secret("old", "tier: backend")).code())
                    .isEqualTo(201);
        }
        assertThat(new String(storedValues("secrets", "old").get(0), StandardCharsets.UTF_8))
                .contains(VALUE_BASE64);

        // Step 1: encrypt with key1, still read plaintext; rewriting every secret encrypts it.
        Path withKey1 = write("key1.yaml", config(aesgcm("key1", key1), "- identity: {}"));
        try (ApiServerInstance server = start(withKey1)) {
            assertThat(new KubeHttp(server.baseUrl()).get(SECRETS + "/old").text("/data/password"))
                    .isEqualTo(VALUE_BASE64);
            rewriteAllSecrets(server);
        }
        assertThat(storedPrefix("old")).isEqualTo("k8s:enc:aesgcm:v1:key1:");

        // Step 2: add key2 first, keep key1 to read; rewrite; then key1 can go.
        Path rotating = write("rotating.yaml", config(aesgcm("key2", key2, "key1", key1)));
        try (ApiServerInstance server = start(rotating)) {
            assertThat(new KubeHttp(server.baseUrl()).get(SECRETS + "/old").text("/data/password"))
                    .isEqualTo(VALUE_BASE64);
            rewriteAllSecrets(server);
        }
        assertThat(storedPrefix("old")).isEqualTo("k8s:enc:aesgcm:v1:key2:");

        Path onlyKey2 = write("key2.yaml", config(aesgcm("key2", key2)));
        try (ApiServerInstance server = start(onlyKey2)) {
            assertThat(new KubeHttp(server.baseUrl()).get(SECRETS + "/old").text("/data/password"))
                    .isEqualTo(VALUE_BASE64);
        }
    }

    @Test
    void aServerWithoutTheKeyAnswersInternalErrorForWhatItCannotDecryptAndServesTheRest() throws Exception {
        try (ApiServerInstance server = start(write("key1.yaml", config(aesgcm("key1", key1))))) {
            KubeHttp http = new KubeHttp(server.baseUrl());
            assertThat(http.createNamespace("enc").code()).isEqualTo(201);
            assertThat(http.post(SECRETS, secret("db", "tier: backend")).code()).isEqualTo(201);
        }

        try (ApiServerInstance server = start(write("wrong.yaml", config(aesgcm("key2", key2))))) {
            KubeHttp http = new KubeHttp(server.baseUrl());

            KubeHttp.Reply get = http.get(SECRETS + "/db");
            assertThat(get.code()).isEqualTo(500);
            assertThat(get.text("/kind")).isEqualTo("Status");
            assertThat(get.text("/reason")).isEqualTo("InternalError");
            assertThat(get.text("/message"))
                    .isEqualTo("Internal error occurred: unable to transform key \"/registry/secrets/enc/db\": no"
                            + " matching prefix found (the value was written with k8s:enc:aesgcm:v1:key1:, a key no"
                            + " configured provider has)");
            KubeHttp.Reply list = http.get(SECRETS);
            assertThat(list.code()).isEqualTo(500);
            assertThat(list.text("/reason")).isEqualTo("InternalError");
            BlockingQueue<JsonNode> watch = http.watch(SECRETS + "?watch=true");
            JsonNode event = watch.poll(10, TimeUnit.SECONDS);
            assertThat(event.path("type").asText()).isEqualTo("ERROR");
            assertThat(event.at("/object/reason").asText()).isEqualTo("InternalError");

            // Everything else is served, new secrets included.
            assertThat(http.get("/api/v1/namespaces/enc").code()).isEqualTo(200);
            assertThat(http.post(SECRETS, secret("fresh", "tier: web")).code()).isEqualTo(201);
            assertThat(http.get(SECRETS + "/fresh").text("/data/password")).isEqualTo(VALUE_BASE64);
            // A bad key with the right name fails its authentication: also InternalError.
        }
        try (ApiServerInstance server = start(write("tampered.yaml", config(aesgcm("key1", key2))))) {
            KubeHttp.Reply get = new KubeHttp(server.baseUrl()).get(SECRETS + "/db");
            assertThat(get.code()).isEqualTo(500);
            assertThat(get.text("/message"))
                    .startsWith("Internal error occurred: unable to transform key \"/registry/secrets/enc/db\": ");
        }
    }

    private void rewriteAllSecrets(ApiServerInstance server) throws IOException {
        Kubectl kubectl = Kubectl.against(server.baseUrl(), Files.createTempDirectory(dir, "kubectl"));
        Kubectl.Result all = kubectl.run("get", "secrets", "-A", "-o", "json");
        assertThat(all.exitCode()).as(all.stderr()).isZero();
        Kubectl.Result replaced = kubectl.runWithInput(all.stdout(), "replace", "-f", "-");
        assertThat(replaced.exitCode()).as(replaced.stderr()).isZero();
        assertThat(replaced.stdout()).contains("secret/old replaced");
    }

    private ApiServerInstance start(Path config) {
        return ApiServerInstance.onDatabase(database, "--skiff.apiserver.encryption-provider-config=" + config);
    }

    private String storedPrefix(String name) {
        String stored = new String(storedValues("secrets", name).get(0), StandardCharsets.ISO_8859_1);
        return stored.substring(0, Math.min(stored.length(), "k8s:enc:aesgcm:v1:key1:".length()));
    }

    /** The object's row first, then its change-log entries, as PostgreSQL holds them. */
    private List<byte[]> storedValues(String resource, String name) {
        List<byte[]> values = new ArrayList<>();
        try (Connection conn = DriverManager.getConnection(database, TestPostgres.username(), null)) {
            for (String sql : List.of(
                    "SELECT data FROM skiff_object WHERE resource = ? AND namespace = 'enc' AND name = ?",
                    "SELECT data FROM skiff_change WHERE resource = ? AND namespace = 'enc' AND name = ?"
                            + " ORDER BY revision")) {
                try (PreparedStatement ps = conn.prepareStatement(sql)) {
                    ps.setString(1, resource);
                    ps.setString(2, name);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            values.add(rs.getBytes(1));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return values;
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static String secret(String name, String label) {
        return """
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"%s","labels":{%s}},
                 "type":"Opaque","data":{"password":"%s"}}
                """.formatted(name, "\"" + label.replace(": ", "\":\"") + "\"", VALUE_BASE64);
    }

    private static String config(String... providers) {
        StringBuilder text = new StringBuilder("""
                apiVersion: apiserver.config.k8s.io/v1
                kind: EncryptionConfiguration
                resources:
                - resources: [secrets]
                  providers:
                """);
        for (String provider : providers) {
            text.append(provider.indent(2));
        }
        return text.toString();
    }

    private static String aesgcm(String... nameAndSecret) {
        StringBuilder text = new StringBuilder("- aesgcm:\n    keys:\n");
        for (int i = 0; i < nameAndSecret.length; i += 2) {
            text.append("    - name: ").append(nameAndSecret[i]).append('\n');
            text.append("      secret: ").append(nameAndSecret[i + 1]).append('\n');
        }
        return text.toString();
    }

    private static String newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
