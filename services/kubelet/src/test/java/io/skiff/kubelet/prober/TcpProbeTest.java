package io.skiff.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** TCP probes against listeners on 127.0.0.1. */
class TcpProbeTest {

    private final TcpProbe probe = new TcpProbe();

    @Test
    void aListeningPortIsHealthy() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ActionResult result = probe.run("127.0.0.1", listener.getLocalPort(), Duration.ofSeconds(1));

            assertThat(result).isEqualTo(ActionResult.success(""));
        }
    }

    @Test
    void aClosedPortFailsWithGosDialError() throws Exception {
        int closed;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = listener.getLocalPort();
        }

        ActionResult result = probe.run("127.0.0.1", closed, Duration.ofSeconds(1));

        assertThat(result)
                .isEqualTo(ActionResult.failure("dial tcp 127.0.0.1:" + closed + ": connect: connection refused"));
    }
}
