package io.skiff.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code skiff node-certificate}'s help and the mistakes it refuses before reaching for the server
 * (the bootstrap itself: HelmChartCredentialsIntegrationTest and the NodeClientCertificate tests).
 */
class NodeCertificateCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cli = SkiffMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpSaysWhatItWritesAndWhoMayAsk() {
        Run help = run("node-certificate", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out())
                .startsWith("Usage: skiff node-certificate ")
                .contains("--server=URL", "--token-file=FILE", "--certificate-authority=FILE", "--dir=DIR")
                .contains("system:node:NAME", "DIR/client-kubelet.crt", "system:bootstrappers:skiff:agents");
        assertThat(run("--help").out()).contains("node-certificate");
    }

    @Test
    void anHttpsServerNeedsTheCaToTrust() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "secret\n");

        Run run = run("node-certificate", "--server=https://127.0.0.1:1", "--token-file=" + token, "--dir=" + dir);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--certificate-authority is needed to trust an https server");
    }

    @Test
    void aMissingOrEmptyTokenFileIsSaidPlainly() throws Exception {
        Run missing = run(
                "node-certificate",
                "--server=http://127.0.0.1:1",
                "--token-file=" + dir.resolve("nope"),
                "--dir=" + dir);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--token-file: cannot read " + dir.resolve("nope"));

        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        Run blank = run("node-certificate", "--server=http://127.0.0.1:1", "--token-file=" + empty, "--dir=" + dir);
        assertThat(blank.exitCode()).isEqualTo(2);
        assertThat(blank.err()).contains("--token-file: " + empty + " is empty");
    }
}
