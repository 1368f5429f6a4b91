package io.skiff.bench.dns;

import io.skiff.bench.report.LatencyRecorder;
import io.skiff.bench.report.LatencySummary;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed loop of DNS clients: each sends one A query over UDP, waits for its answer (or a
 * timeout, counted as an error), then sends the next, cycling through the names. Bounded by a
 * duration and a total query count, whichever comes first.
 */
public final class UdpQueryLoad {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final InetSocketAddress server;
    private final List<String> names;
    private final int clients;
    private final long maxQueries;

    public UdpQueryLoad(InetSocketAddress server, List<String> names, int clients, long maxQueries) {
        this.server = server;
        this.names = List.copyOf(names);
        this.clients = clients;
        this.maxQueries = maxQueries;
    }

    /** What one run measured. */
    public record Result(long answered, long failed, double elapsedSeconds, LatencySummary latency) {
        public double throughput() {
            return elapsedSeconds == 0 ? 0 : answered / elapsedSeconds;
        }
    }

    public Result run(Duration duration) throws InterruptedException {
        LatencyRecorder latency = new LatencyRecorder();
        AtomicLong issued = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int offset = c;
            Thread thread = new Thread(
                    () -> loop(offset, deadline, issued, answered, failed, latency), "dns-bench-client-" + c);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(duration.toMillis() + 2 * TIMEOUT.toMillis() + 1000);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(answered.get(), failed.get(), elapsed, latency.summary());
    }

    private void loop(
            int offset,
            long deadline,
            AtomicLong issued,
            AtomicLong answered,
            AtomicLong failed,
            LatencyRecorder latency) {
        byte[] buffer = new byte[4096];
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(server);
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            int next = offset;
            while (System.nanoTime() < deadline && issued.incrementAndGet() <= maxQueries) {
                int id = ThreadLocalRandom.current().nextInt(1 << 16);
                byte[] query = DnsQuery.a(id, names.get(next % names.size()));
                next += clients;
                long sent = System.nanoTime();
                socket.send(new DatagramPacket(query, query.length));
                if (awaitAnswer(socket, buffer, id)) {
                    latency.recordNanos(System.nanoTime() - sent);
                    answered.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            }
        } catch (IOException e) {
            failed.incrementAndGet();
        }
    }

    /** Reads until the answer with {@code id} arrives; false on a timeout or a negative answer. */
    private static boolean awaitAnswer(DatagramSocket socket, byte[] buffer, int id) throws IOException {
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return false;
            }
            if (packet.getLength() < 12) {
                continue;
            }
            DnsQuery.Header header = DnsQuery.header(buffer, packet.getLength());
            if (header.id() == id) {
                return header.answered();
            }
        }
    }
}
