package io.skiff.launcher.join;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.kubelet.config.HostIdentity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServerJoinTokenTest {

    private static final Path DIR = Path.of("/var/lib/skiff");

    @Test
    void theTokenFileIsUnderServer() {
        assertThat(ServerJoinToken.file(DIR)).isEqualTo(Path.of("/var/lib/skiff/server/token"));
    }

    @Test
    void aServerOnEveryAddressIsJoinedAtThisMachinesAddress() {
        assertThat(ServerJoinToken.joinInstructions("https", "0.0.0.0", 6443, DIR))
                .isEqualTo(String.format(
                        "Join another machine as a node:%n%n  skiff agent --server https://%s:6443 --token $(cat"
                                + " /var/lib/skiff/server/token)%n%n",
                        HostIdentity.address()));
    }

    @Test
    void aServerOnOneAddressIsJoinedThere() {
        assertThat(ServerJoinToken.joinInstructions("https", "10.0.0.1", 6443, DIR))
                .contains("  skiff agent --server https://10.0.0.1:6443 --token $(cat /var/lib/skiff/server/token)")
                .doesNotContain("loopback");
    }

    @Test
    void aServerOnLoopbackSaysHowToServeTheNetwork() {
        assertThat(ServerJoinToken.joinInstructions("https", "127.0.0.1", 6443, DIR))
                .startsWith("Join another machine as a node (the server listens on loopback only: start it with"
                        + " --bind-address 0.0.0.0):")
                .contains("--server https://127.0.0.1:6443");
    }
}
