package io.skiff.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code skiff agent}'s help and the mistakes it refuses before reaching for the server. */
class AgentCommandTest {

    @Test
    void helpSaysWhatItDoesWithAnExample() {
        CliRun help = CliRun.of("agent", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out())
                .startsWith("Usage: skiff agent ")
                .contains("--server=URL", "--token=TOKEN", "--runtime=RUNTIME", "--hollow-nodes=N")
                .contains("DATA_DIR/server/token")
                .contains(
                        "skiff agent --server https://10.0.0.1:6443 \\\n      --token K10<CA hash>::abcdef.0123456789abcdef");
        assertThat(CliRun.of("--help").out())
                .contains("agent", "skiff agent --server URL --token $(cat ~/.skiff/server/token)");
    }

    @Test
    void serverAndTokenAreRequired() {
        CliRun missing = CliRun.of("agent");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required options: '--server=URL', '--token=TOKEN'");
    }

    @Test
    void aMalformedTokenIsRefusedWithoutEchoingIt() {
        CliRun bad = CliRun.of("agent", "--server", "http://127.0.0.1:1", "--token", "K10secret::server:hunter2");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err())
                .startsWith("--token: not a join token: expected the form K10<CA hash>::[a-z0-9]{6}.[a-z0-9]{16} or"
                        + " [a-z0-9]{6}.[a-z0-9]{16}")
                .doesNotContain("hunter2");
    }

    @Test
    void theServerMustBeAUrl() {
        CliRun bad = CliRun.of("agent", "--server", "10.0.0.1:6443", "--token", "abcdef.0123456789abcdef");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err())
                .startsWith("--server: expected the API server's URL, e.g. https://10.0.0.1:6443, got '10.0.0.1:6443'");
    }

    @Test
    void anHttpsServerNeedsATokenCarryingTheCaHash() {
        CliRun bare = CliRun.of("agent", "--server", "https://127.0.0.1:1", "--token", "abcdef.0123456789abcdef");
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.err())
                .startsWith("--token: an HTTPS server's join token carries its CA's hash,"
                        + " K10<sha256 hex>::<id>.<secret>: use the whole token from DATA_DIR/server/token on the"
                        + " server");
    }

    @Test
    void hollowNodesNeedTheHollowRuntime() {
        CliRun bad = CliRun.of(
                "agent",
                "--server",
                "http://127.0.0.1:1",
                "--token",
                "abcdef.0123456789abcdef",
                "--runtime",
                "process",
                "--hollow-nodes",
                "3");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("--hollow-nodes needs --runtime hollow");
    }
}
