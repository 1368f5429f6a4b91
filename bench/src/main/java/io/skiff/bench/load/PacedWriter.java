package io.skiff.bench.load;

import io.skiff.bench.http.ConfigMapBodies;
import io.skiff.bench.http.SkiffApi;
import io.skiff.bench.report.LatencyRecorder;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes ConfigMaps at a fixed rate, half creates and half updates, whether or not earlier writes
 * have answered (open loop). Latency counts from the time a write was due, not from when it was
 * sent, so a stalled server shows up as latency instead of silently lowering the rate (coordinated
 * omission). Updates go to objects with no write in flight, carrying their current resourceVersion,
 * so a 409 means the server lost track of a version rather than a race inside the benchmark.
 */
public final class PacedWriter {

    /** Told about every committed write, on the HTTP client's threads. */
    public interface WriteObserver {
        void committed(CommittedWrite write);
    }

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final SkiffApi api;
    private final String namespace;
    private final ConfigMapBodies bodies;
    private final double ratePerSecond;
    private final int maxInFlight;
    private final Semaphore inFlight;
    private final Queue<TrackedObject> idleObjects = new ConcurrentLinkedQueue<>();
    private long writesScheduled;

    public PacedWriter(SkiffApi api, String namespace, ConfigMapBodies bodies, double ratePerSecond, int maxInFlight) {
        this.api = api;
        this.namespace = namespace;
        this.bodies = bodies;
        this.ratePerSecond = ratePerSecond;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
    }

    /**
     * Writes {@code rate × duration} times and waits for the answers. Objects created here stay
     * available for updates in later runs, so a warm-up run also seeds the update half of the mix.
     */
    public PacedResult run(Duration duration, WriteObserver observer) throws InterruptedException {
        long count = Math.round(ratePerSecond * duration.toNanos() / 1e9);
        double periodNanos = 1e9 / ratePerSecond;
        LatencyRecorder latency = new LatencyRecorder();
        Failures failures = new Failures();
        LongAdder creates = new LongAdder();
        LongAdder updates = new LongAdder();

        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            long due = start + (long) (i * periodNanos);
            parkUntil(due);
            if (!inFlight.tryAcquire()) {
                failures.record("client in-flight limit (" + maxInFlight + ")");
                continue;
            }
            Write write = nextWrite();
            long sent = System.nanoTime();
            api.client()
                    .sendAsync(write.request(), HttpResponse.BodyHandlers.ofByteArray())
                    .whenComplete((response, error) -> {
                        try {
                            if (error != null) {
                                failures.record(error);
                            } else if (response.statusCode() / 100 != 2) {
                                failures.record(Integer.toString(response.statusCode()));
                            } else {
                                String version = SkiffApi.resourceVersionOf(response.body());
                                latency.recordNanos(System.nanoTime() - due);
                                (write.isUpdate() ? updates : creates).increment();
                                idleObjects.add(new TrackedObject(write.name(), version));
                                observer.committed(new CommittedWrite(write.name(), version, sent, System.nanoTime()));
                            }
                        } catch (IOException e) {
                            failures.record(e);
                        } finally {
                            inFlight.release();
                        }
                    });
        }
        awaitAnswers(failures);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new PacedResult(creates.sum(), updates.sum(), failures.byReason(), seconds, latency.summary());
    }

    private Write nextWrite() {
        TrackedObject idle = writesScheduled++ % 2 == 1 ? idleObjects.poll() : null;
        if (idle != null) {
            byte[] body = bodies.update(idle.name(), idle.resourceVersion());
            return new Write(idle.name(), true, api.replaceConfigMap(namespace, idle.name(), body));
        }
        String name = "w-" + writesScheduled;
        return new Write(name, false, api.createConfigMap(namespace, bodies.create(name)));
    }

    private void awaitAnswers(Failures failures) throws InterruptedException {
        if (inFlight.tryAcquire(maxInFlight, DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            inFlight.release(maxInFlight);
        } else {
            failures.record("no answer within " + DRAIN_TIMEOUT.toSeconds() + " s");
        }
    }

    private static void parkUntil(long deadline) {
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }

    private record TrackedObject(String name, String resourceVersion) {}

    private record Write(String name, boolean isUpdate, HttpRequest request) {}
}
