package io.skiff.apiserver.encryption;

import static io.skiff.apiserver.encryption.EncryptionConfigurationFileTest.aesgcm;
import static io.skiff.apiserver.encryption.EncryptionConfigurationFileTest.config;
import static io.skiff.apiserver.encryption.EncryptionConfigurationFileTest.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skiff.apiserver.storage.RegistryKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingEncryptionTest {

    private static final RegistryKey SECRET = new RegistryKey("secrets", "default", "db");
    private static final byte[] PLAIN = "{\"data\":{}}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void aChangedValidFileTakesOverAndABrokenOneLeavesTheProvidersInUse() throws IOException {
        String key1 = secret(32);
        String key2 = secret(32);
        Path file = Files.writeString(dir.resolve("encryption.yaml"), config("secrets", aesgcm("key1", key1)));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ReloadingEncryption encryption = new ReloadingEncryption(file, Duration.ofHours(1), meters)) {
            byte[] old = encryption.toStorage(SECRET, PLAIN);
            assertThat(encryption.reloadIfChanged()).as("unchanged").isFalse();

            Files.writeString(file, config("secrets", aesgcm("key2", key2, "key1", key1)));
            assertThat(encryption.reloadIfChanged()).isTrue();
            assertThat(new String(encryption.toStorage(SECRET, PLAIN), StandardCharsets.ISO_8859_1))
                    .startsWith("k8s:enc:aesgcm:v1:key2:");
            assertThat(encryption.fromStorage(SECRET, old)).isEqualTo(PLAIN);
            assertThat(encryption.isStale(SECRET, old)).isTrue();

            Files.writeString(file, "kind: Nonsense\n");
            assertThat(encryption.reloadIfChanged()).isFalse();
            assertThat(encryption.fromStorage(SECRET, old)).isEqualTo(PLAIN);
            assertThat(meters.counter(
                                    "apiserver_encryption_config_controller_automatic_reloads_total",
                                    "status",
                                    "success")
                            .count())
                    .isEqualTo(1);
            assertThat(meters.counter(
                                    "apiserver_encryption_config_controller_automatic_reloads_total",
                                    "status",
                                    "failure")
                            .count())
                    .isEqualTo(1);

            Files.writeString(file, config("secrets", aesgcm("key2", key2)));
            assertThat(encryption.reloadIfChanged()).isTrue();
            assertThatThrownBy(() -> encryption.fromStorage(SECRET, old)).hasMessageContaining("no matching prefix");
        }
    }

    @Test
    void anInvalidFileAtStartStopsTheServer() throws IOException {
        Path file = Files.writeString(dir.resolve("encryption.yaml"), "kind: Nonsense\n");
        assertThatThrownBy(() -> new ReloadingEncryption(file, Duration.ofHours(1), new SimpleMeterRegistry()))
                .isInstanceOf(InvalidEncryptionConfigurationException.class)
                .hasMessageContaining("error while parsing encryption provider configuration file");
    }
}
