package io.skiff.bench.tcp;

import io.skiff.bench.load.Failures;
import io.skiff.bench.load.LoadResult;
import io.skiff.bench.report.LatencyRecorder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Small request/response round trips from a fixed number of closed-loop clients, either over one
 * persistent connection each ({@link #persistent}) or on a new connection each ({@link
 * #newConnections}: connect, one exchange, the server closes). Each stops at the deadline or after
 * {@code maxRoundTrips} in all, whichever comes first (DESIGN.md §5).
 */
public final class RoundTripLoad {

    /** How long a client may stay blocked past the deadline before its connection is closed. */
    private static final Duration STRAGGLER_GRACE = Duration.ofSeconds(10);

    /** How long one new-connection exchange may take before it is abandoned. */
    private static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(5);

    private final Dialer dialer;
    private final int clients;
    private final int messageBytes;
    private final long maxRoundTrips;

    public RoundTripLoad(Dialer dialer, int clients, int messageBytes, long maxRoundTrips) {
        if (messageBytes < 1 || messageBytes > Wire.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("message size must be in [1, " + Wire.MAX_MESSAGE_BYTES + "]");
        }
        this.dialer = dialer;
        this.clients = clients;
        this.messageBytes = messageBytes;
        this.maxRoundTrips = maxRoundTrips;
    }

    /** Round trips over one connection per client, opened before the clock starts. */
    public LoadResult persistent(InetSocketAddress target, Duration duration) throws InterruptedException {
        return run(duration, (deadline, issued, latency, succeeded, failures) -> {
            ByteBuffer request = ByteBuffer.allocateDirect(messageBytes);
            ByteBuffer answer = ByteBuffer.allocateDirect(messageBytes);
            SocketChannel channel = null;
            ScheduledFuture<?> guard = null;
            try {
                while (System.nanoTime() < deadline && issued.incrementAndGet() <= maxRoundTrips) {
                    try {
                        if (channel == null) {
                            channel = dialer.connect(target);
                            guard = dialer.closeAfter(
                                    channel, deadline + STRAGGLER_GRACE.toNanos() - System.nanoTime());
                            Wire.writeFully(channel, Wire.header(Wire.ECHO, 0));
                        }
                        request.clear();
                        answer.clear();
                        long sent = System.nanoTime();
                        Wire.writeFully(channel, request);
                        Wire.readFully(channel, answer);
                        latency.recordNanos(System.nanoTime() - sent);
                        succeeded.increment();
                    } catch (IOException e) {
                        failures.record(e);
                        closeQuietly(channel);
                        channel = null;
                        Thread.sleep(10);
                    }
                }
            } finally {
                if (guard != null) {
                    guard.cancel(false);
                }
                closeQuietly(channel);
            }
        });
    }

    /**
     * One exchange per new connection, timed from connect to the whole answer; the server then
     * closes first (so the client side keeps no TIME_WAIT socket and never runs out of ports).
     */
    public LoadResult newConnections(InetSocketAddress target, Duration duration) throws InterruptedException {
        return run(duration, (deadline, issued, latency, succeeded, failures) -> {
            ByteBuffer request = ByteBuffer.allocateDirect(Wire.HEADER_BYTES + messageBytes);
            ByteBuffer answer = ByteBuffer.allocateDirect(messageBytes);
            ByteBuffer end = ByteBuffer.allocate(1);
            while (System.nanoTime() < deadline && issued.incrementAndGet() <= maxRoundTrips) {
                request.clear();
                request.put(Wire.header(Wire.ONCE, messageBytes)).position(0);
                answer.clear();
                SocketChannel channel;
                try {
                    channel = dialer.open();
                } catch (IOException e) {
                    failures.record(e);
                    Thread.sleep(10);
                    continue;
                }
                ScheduledFuture<?> guard = dialer.closeAfter(channel, EXCHANGE_TIMEOUT.toNanos());
                try (channel) {
                    long start = System.nanoTime();
                    dialer.connect(channel, target);
                    Wire.writeFully(channel, request);
                    Wire.readFully(channel, answer);
                    latency.recordNanos(System.nanoTime() - start);
                    succeeded.increment();
                    // Wait for the server's close, unmeasured, so that the server closes first.
                    end.clear();
                    channel.read(end);
                } catch (IOException e) {
                    failures.record(e);
                } finally {
                    guard.cancel(false);
                }
            }
        });
    }

    /** One exchange on a new connection, bounded in time; throws when it does not complete. */
    public void single(InetSocketAddress target) throws IOException {
        ByteBuffer request = ByteBuffer.allocate(Wire.HEADER_BYTES + messageBytes);
        request.put(Wire.header(Wire.ONCE, messageBytes)).position(0);
        SocketChannel channel = dialer.connect(target);
        ScheduledFuture<?> guard = dialer.closeAfter(channel, EXCHANGE_TIMEOUT.toNanos());
        try (channel) {
            Wire.writeFully(channel, request);
            Wire.readFully(channel, ByteBuffer.allocate(messageBytes));
        } finally {
            guard.cancel(false);
        }
    }

    private LoadResult run(Duration duration, ClientLoop loop) throws InterruptedException {
        LatencyRecorder latency = new LatencyRecorder();
        Failures failures = new Failures();
        LongAdder succeeded = new LongAdder();
        AtomicLong issued = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(
                    () -> {
                        try {
                            loop.run(deadline, issued, latency, succeeded, failures);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "round-trip-client-" + i);
            thread.start();
            threads.add(thread);
        }
        long joinBy = deadline + 2 * STRAGGLER_GRACE.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
            if (thread.isAlive()) {
                thread.interrupt();
            }
        }
        double elapsedSeconds = (System.nanoTime() - start) / 1e9;
        return new LoadResult(succeeded.sum(), failures.byReason(), elapsedSeconds, latency.summary());
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closed anyway
            }
        }
    }

    /** One client's loop until the deadline or the shared count runs out. */
    @FunctionalInterface
    private interface ClientLoop {
        void run(long deadline, AtomicLong issued, LatencyRecorder latency, LongAdder succeeded, Failures failures)
                throws InterruptedException;
    }
}
