package io.skiff.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code skiff backup} and {@code skiff restore} on data directories with embedded PostgreSQL: a
 * backup of a running server, a restore refused while it runs, and one into a new data directory
 * that a server then serves.
 */
class BackupRestoreCommandIntegrationTest {

    private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

    @TempDir
    Path work;

    @Test
    void aBackupOfARunningServerRestoresIntoANewDataDirectory() throws Exception {
        Path dataDir = work.resolve("skiff");
        Path file = work.resolve("cluster.backup");
        try (ApiServerInstance server = ApiServerInstance.embedded(dataDir)) {
            KubeHttp http = new KubeHttp(server.baseUrl());
            assertThat(http.post(
                                    CONFIGMAPS,
                                    KubeHttp.configMap("settings", "mode", "blue")
                                            .toString())
                            .code())
                    .isEqualTo(201);

            Run backup = skiff("backup", "--data-dir", dataDir.toString(), file.toString());
            assertThat(backup.exit).as(backup.err).isZero();
            assertThat(backup.out).startsWith("Backed up ").contains(file.toString());
            assertThat(Files.exists(work.resolve("cluster.backup.partial"))).isFalse();

            Run refused = skiff("restore", "--data-dir", dataDir.toString(), file.toString());
            assertThat(refused.exit).isEqualTo(1);
            assertThat(refused.err).contains("skiff server is running on this data directory");
        }

        Path newDataDir = work.resolve("skiff-new");
        Run restore = skiff("restore", "--data-dir", newDataDir.toString(), file.toString());
        assertThat(restore.exit).as(restore.err).isZero();
        assertThat(restore.out).startsWith("Restored ").contains("skiff server --data-dir " + newDataDir);

        try (ApiServerInstance server = ApiServerInstance.embedded(newDataDir)) {
            assertThat(new KubeHttp(server.baseUrl())
                            .get(CONFIGMAPS + "/settings")
                            .text("/data/mode"))
                    .isEqualTo("blue");
        }
    }

    @Test
    void aBackupNeedsARegistryAndARestoreAFile() {
        Run backup = skiff(
                "backup",
                "--data-dir",
                work.resolve("empty").toString(),
                work.resolve("x").toString());
        assertThat(backup.exit).isEqualTo(2);
        assertThat(backup.err).contains("no Skiff registry in");

        Run restore = skiff(
                "restore",
                "--data-dir",
                work.toString(),
                work.resolve("missing.backup").toString());
        assertThat(restore.exit).isEqualTo(1);
        assertThat(restore.err).contains("skiff restore: ").contains("no such backup file");
    }

    private record Run(int exit, String out, String err) {}

    private static Run skiff(String... args) {
        CommandLine cli = SkiffMain.commandLine();
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(printed, true));
        try {
            int exit = cli.execute(args);
            return new Run(exit, printed + out.toString(), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }
}
