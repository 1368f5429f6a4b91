package io.skiff.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff node-certificate}'s help and the mistakes it refuses before reaching for the server
 * (the bootstrap itself: HelmChartCredentialsIntegrationTest and the NodeClientCertificate tests).
 */
class NodeCertificateCommandTest {

    @TempDir
    Path dir;

    @Test
    void helpSaysWhatItWritesAndWhoMayAsk() {
        CliRun help = CliRun.of("node-certificate", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out())
                .startsWith("Usage: skiff node-certificate ")
                .contains("--server=URL", "--token-file=FILE", "--certificate-authority=FILE", "--dir=DIR")
                .contains("system:node:NAME", "DIR/client-kubelet.crt", "system:bootstrappers:skiff:agents");
        assertThat(CliRun.of("--help").out()).contains("node-certificate");
    }

    @Test
    void anHttpsServerNeedsTheCaToTrust() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "secret\n");

        CliRun run =
                CliRun.of("node-certificate", "--server=https://127.0.0.1:1", "--token-file=" + token, "--dir=" + dir);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--certificate-authority is needed to trust an https server");
    }

    @Test
    void aMissingOrEmptyTokenFileIsSaidPlainly() throws Exception {
        CliRun missing = CliRun.of(
                "node-certificate",
                "--server=http://127.0.0.1:1",
                "--token-file=" + dir.resolve("nope"),
                "--dir=" + dir);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--token-file: cannot read " + dir.resolve("nope"));

        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        CliRun blank =
                CliRun.of("node-certificate", "--server=http://127.0.0.1:1", "--token-file=" + empty, "--dir=" + dir);
        assertThat(blank.exitCode()).isEqualTo(2);
        assertThat(blank.err()).contains("--token-file: " + empty + " is empty");
    }
}
