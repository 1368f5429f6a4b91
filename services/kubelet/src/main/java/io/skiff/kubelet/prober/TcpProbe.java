package io.skiff.kubelet.prober;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * A tcpSocket probe: success when a TCP connection opens within the timeout, closed at once; the
 * failure's output is Go's dial error ({@code dial tcp 10.1.2.3:80: connect: connection refused}).
 */
final class TcpProbe {

    ActionResult run(String host, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            // As Kubernetes' probe dialer: a short linger, so probes leave no sockets in TIME_WAIT behind.
            socket.setSoLinger(true, 1);
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            return ActionResult.success("");
        } catch (IOException e) {
            return ActionResult.failure(GoText.dialError(e, host, port));
        }
    }
}
