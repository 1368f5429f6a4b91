package io.skiff.bench.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.bench.load.LoadResult;
import io.skiff.component.netns.NetworkNamespace;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The backend and the clients of the userspace-proxy benchmark against each other on 127.0.0.1,
 * in this process's own network namespace (joining it takes setns(2), so root), with no proxy in
 * between: every phase completes, is bounded, and counts what it did.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoopbackExchangesTest {

    private NetworkNamespace namespace;
    private BackendServer backend;
    private Dialer dialer;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(
                Files.exists(Path.of("/proc/self/ns/net")) && "root".equals(System.getProperty("user.name")),
                "SKIPPED: joining a network namespace (setns) needs root on Linux");
        namespace = NetworkNamespace.of("/proc/self/ns/net");
        backend = BackendServer.start(namespace, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        address = backend.address();
        dialer = new Dialer(namespace, Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        if (dialer != null) {
            dialer.close();
        }
        if (backend != null) {
            backend.close();
        }
        if (namespace != null) {
            namespace.close();
        }
    }

    @Test
    void persistentRoundTripsEchoTheMessageUntilTheDeadline() throws Exception {
        LoadResult result = new RoundTripLoad(dialer, 2, 100, 1_000_000).persistent(address, Duration.ofMillis(300));

        assertThat(result.succeeded()).isPositive();
        assertThat(result.failed()).isZero();
        assertThat(result.latency().count()).isEqualTo(result.succeeded());
        assertThat(result.elapsedSeconds()).isLessThan(5);
    }

    @Test
    void roundTripsStopAtTheirCountWhateverTheDuration() throws Exception {
        LoadResult result = new RoundTripLoad(dialer, 2, 10, 50).newConnections(address, Duration.ofSeconds(30));

        assertThat(result.succeeded()).isEqualTo(50);
        assertThat(result.failed()).isZero();
        assertThat(result.elapsedSeconds()).isLessThan(10);
    }

    @Test
    void aBulkDownloadReceivesEveryByteAskedFor() throws Exception {
        BulkDownload.Result result = new BulkDownload(dialer).run(address, 64L << 20, Duration.ofSeconds(20));

        assertThat(result.complete()).isTrue();
        assertThat(result.received()).isEqualTo(64L << 20);
        assertThat(result.megabytesPerSecond()).isPositive();
    }

    @Test
    void aBulkDownloadLongerThanItsLimitStopsAtTheLimit() throws Exception {
        BulkDownload.Result result = new BulkDownload(dialer).run(address, 64L << 30, Duration.ofMillis(200));

        assertThat(result.complete()).isFalse();
        assertThat(result.received()).isPositive();
        assertThat(result.seconds()).isLessThan(5);
    }

    @Test
    void aSingleExchangeToNothingFailsWithinTheConnectTimeout() throws Exception {
        backend.close();

        RoundTripLoad load = new RoundTripLoad(dialer, 1, 10, 1);
        assertThatThrownBy(() -> load.single(address)).isInstanceOf(IOException.class);
    }
}
