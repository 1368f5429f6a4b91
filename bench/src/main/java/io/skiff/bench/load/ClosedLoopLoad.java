package io.skiff.bench.load;

import io.skiff.bench.report.LatencyRecorder;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A fixed number of clients, each sending its next request as soon as the previous one answers: the
 * saturation throughput of the server at that concurrency. Stops at the deadline or after {@code
 * maxRequests}, whichever comes first (DESIGN.md §5: load loops are bounded in count and time).
 */
public final class ClosedLoopLoad {

    /** How long to wait for clients still blocked in a request after the deadline. */
    private static final Duration STRAGGLER_GRACE = Duration.ofSeconds(45);

    private final HttpClient client;
    private final int clients;
    private final long maxRequests;

    public ClosedLoopLoad(HttpClient client, int clients, long maxRequests) {
        this.client = client;
        this.clients = clients;
        this.maxRequests = maxRequests;
    }

    public LoadResult run(Supplier<HttpRequest> requests, Duration duration) throws InterruptedException {
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
                        while (System.nanoTime() < deadline && issued.incrementAndGet() <= maxRequests) {
                            HttpRequest request = requests.get();
                            long sent = System.nanoTime();
                            try {
                                int status = client.send(request, HttpResponse.BodyHandlers.discarding())
                                        .statusCode();
                                if (status / 100 == 2) {
                                    latency.recordNanos(System.nanoTime() - sent);
                                    succeeded.increment();
                                } else {
                                    failures.record(Integer.toString(status));
                                }
                            } catch (IOException e) {
                                failures.record(e);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                        }
                    },
                    "load-client-" + i);
            thread.start();
            threads.add(thread);
        }
        long joinBy = deadline + STRAGGLER_GRACE.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
            if (thread.isAlive()) {
                thread.interrupt();
            }
        }
        // Requests started before the deadline count, so the window runs until the last one answered.
        double elapsedSeconds = (System.nanoTime() - start) / 1e9;
        return new LoadResult(succeeded.sum(), failures.byReason(), elapsedSeconds, latency.summary());
    }
}
