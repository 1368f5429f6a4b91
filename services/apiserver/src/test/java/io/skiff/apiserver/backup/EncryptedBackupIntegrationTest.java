package io.skiff.apiserver.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.storage.DatastoreEndpoint;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups of a registry with secrets encrypted at rest keep them encrypted, and a restore puts them
 * back so that an API server with the key reads them.
 */
class EncryptedBackupIntegrationTest {

    private static final String SECRETS = "/api/v1/namespaces/vault/secrets";
    private static final String VALUE = Base64.getEncoder().encodeToString("s3cr3t-backup".getBytes());

    @TempDir
    Path work;

    @Test
    void encryptedSecretsStayEncryptedInTheBackupAndComeBackReadable() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path config = Files.writeString(work.resolve("encryption.yaml"), """
                apiVersion: apiserver.config.k8s.io/v1
                kind: EncryptionConfiguration
                resources:
                - resources: [secrets]
                  providers:
                  - aesgcm:
                      keys:
                      - name: key1
                        secret: %s
                """.formatted(
                        Base64.getEncoder().encodeToString(key)));
        String property = "--skiff.apiserver.encryption-provider-config=" + config;
        String jdbcUrl = TestPostgres.newDatabase();
        DatastoreEndpoint endpoint = new DatastoreEndpoint(jdbcUrl, TestPostgres.username(), null);
        Path file = work.resolve("registry.backup");

        try (ApiServerInstance server = ApiServerInstance.onDatabase(jdbcUrl, property)) {
            KubeHttp http = new KubeHttp(server.baseUrl());
            http.createNamespace("vault");
            assertThat(http.post(SECRETS, """
                            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"db"},"data":{"password":"%s"}}""".formatted(VALUE)).code()).isEqualTo(201);
            assertThat(http.post(
                                    "/api/v1/namespaces/vault/configmaps",
                                    KubeHttp.configMap("plain", "k", "v").toString())
                            .code())
                    .isEqualTo(201);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            new RegistryBackup(Clock.systemUTC()).write(endpoint, out);
        }
        String backup;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            backup = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(backup).doesNotContain(VALUE);
        assertThat(backup)
                .contains("\"name\":\"db\",\"revision\"")
                .contains("\"encrypted\":\"azhzOmVuYzphZXNnY206djE6a2V5MT");
        assertThat(backup).contains("\"name\":\"plain\"").contains("\"object\":{");

        try (InputStream in = Files.newInputStream(file)) {
            new RegistryRestore(Clock.systemUTC()).restore(endpoint, in, true);
        }
        try (ApiServerInstance server = ApiServerInstance.onDatabase(jdbcUrl, property)) {
            KubeHttp http = new KubeHttp(server.baseUrl());
            assertThat(http.get(SECRETS + "/db").text("/data/password")).isEqualTo(VALUE);
            assertThat(http.get("/api/v1/namespaces/vault/configmaps/plain").text("/data/k"))
                    .isEqualTo("v");
        }
    }
}
