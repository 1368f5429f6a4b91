package io.skiff.component.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pod's service-account token, read again as the kubelet rotates it (a temp dir stands in for the mount). */
class ServiceAccountTokenFileTest {

    @TempDir
    Path serviceAccount;

    @Test
    void theTokenIsTheFilesContentWithoutItsTrailingNewline() throws Exception {
        Path file = write("first-token\n");

        assertThat(new ServiceAccountTokenFile(file, Duration.ofMinutes(1)).token())
                .isEqualTo("first-token");
    }

    @Test
    void aRotatedTokenIsPickedUpOnceTheReloadPeriodHasPassed() throws Exception {
        Path file = write("first-token");
        ServiceAccountTokenFile everyTime = new ServiceAccountTokenFile(file, Duration.ZERO);
        ServiceAccountTokenFile hourly = new ServiceAccountTokenFile(file, Duration.ofHours(1));
        assertThat(everyTime.token()).isEqualTo("first-token");
        assertThat(hourly.token()).isEqualTo("first-token");

        write("rotated-token");

        assertThat(everyTime.token()).isEqualTo("rotated-token");
        assertThat(hourly.token()).as("read again only after the period").isEqualTo("first-token");
    }

    @Test
    void aTokenThatCannotBeReadAgainIsKeptUntilTheFileIsBack() throws Exception {
        Path file = write("first-token");
        ServiceAccountTokenFile token = new ServiceAccountTokenFile(file, Duration.ZERO);
        assertThat(token.token()).isEqualTo("first-token");

        Files.delete(file);
        assertThat(token.token()).isEqualTo("first-token");

        write("rotated-token");
        assertThat(token.token()).isEqualTo("rotated-token");
    }

    @Test
    void noFileMeansNoToken() {
        assertThat(new ServiceAccountTokenFile(serviceAccount.resolve("token"), Duration.ZERO).token())
                .isNull();
    }

    @Test
    void itsTextNamesTheFileNeverTheToken() throws Exception {
        Path file = write("secret-token");
        ServiceAccountTokenFile token = new ServiceAccountTokenFile(file, Duration.ofMinutes(1));
        token.token();

        assertThat(token.toString()).contains(file.toString()).doesNotContain("secret-token");
    }

    private Path write(String content) throws Exception {
        // As the kubelet does: a new file swapped in, never a file rewritten in place.
        Path next = serviceAccount.resolve("..token.tmp");
        Files.writeString(next, content);
        return Files.move(next, serviceAccount.resolve("token"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
