package io.skiff.ha;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ResourceClient;
import io.skiff.model.api.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import reactor.core.publisher.Mono;

/**
 * Creates ConfigMaps through a {@link KubeClient} at a steady rate, open loop (a slow answer does
 * not hold back the next write, up to a bound on writes in flight, where the writer waits), and
 * keeps what became of each.
 *
 * <p>A create whose outcome is unknown (the connection died after the request went out, or no
 * server could be reached) is sent again after a short wait, as a controller requeues its key; an
 * AlreadyExists answer to it is then judged as Kubernetes clients judge it: the object is read, and
 * if it holds this write's data, the earlier attempt did land and the write counts as acknowledged.
 */
final class PacedCreates {

    /** Attempts per write in all: the first and the requeues after unknown outcomes. */
    private static final int ATTEMPTS = 3;

    private static final Duration REQUEUE_AFTER = Duration.ofMillis(200);
    /** How long the writer waits for a slot when the in-flight bound is reached. */
    private static final Duration SLOT_TIMEOUT = Duration.ofSeconds(30);

    /** One write with its requeues may not take longer than this. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What became of one write.
     *
     * @param sentNanos when the write was sent (System.nanoTime)
     * @param answeredNanos when its last attempt was answered
     * @param firstFailure how its first attempt ended if not with 201: status and reason, or the error
     * @param attempts creates sent for it
     * @param settledBy how an acknowledged write was acknowledged: 201 or AlreadyExists with its data
     * @param failure the final failure: an HTTP status with reason, or the transport error
     */
    record Outcome(
            String name,
            String payload,
            Status status,
            long sentNanos,
            long answeredNanos,
            String firstFailure,
            int attempts,
            String settledBy,
            String failure) {

        boolean acknowledged() {
            return status == Status.ACKNOWLEDGED;
        }
    }

    enum Status {
        /** 201, or AlreadyExists on a requeue with this write's data in place. */
        ACKNOWLEDGED,
        /** An answer refusing the write. */
        REJECTED,
        /** No answer to any attempt: the object may exist or not. */
        UNKNOWN
    }

    private final ResourceClient<ConfigMap> configMaps;
    private final String namespace;
    private final int count;
    private final double perSecond;
    private final int maxInFlight;
    private final Semaphore inFlight;
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final List<String> notSent = Collections.synchronizedList(new ArrayList<>());

    PacedCreates(KubeClient client, String namespace, int count, double perSecond, int maxInFlight) {
        this.configMaps = client.resources(ConfigMap.class);
        this.namespace = namespace;
        this.count = count;
        this.perSecond = perSecond;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
    }

    static String name(int index) {
        return "cm-%04d".formatted(index);
    }

    /** Sends every write, paced; returns once the last one has been sent (not answered). */
    void run() {
        long start = System.nanoTime();
        long period = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
        for (int i = 0; i < count; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            String name = name(i);
            if (!awaitSlot()) {
                notSent.add(name);
                continue;
            }
            String payload = UUID.randomUUID().toString();
            long sent = System.nanoTime();
            attempt(new Attempt(name, payload, sent, 1, null))
                    .timeout(WRITE_TIMEOUT)
                    .onErrorResume(error -> Mono.just(new Outcome(
                            name, payload, Status.UNKNOWN, sent, System.nanoTime(), null, 0, null, describe(error))))
                    .subscribe(outcome -> {
                        outcomes.put(name, outcome);
                        if (outcome.acknowledged()) {
                            acknowledged.incrementAndGet();
                        }
                        inFlight.release();
                    });
        }
    }

    /** One create of one write: which write, which attempt, and how the first attempt failed. */
    private record Attempt(String name, String payload, long sent, int number, String firstFailure) {

        Outcome outcome(Status status, String settledBy, String failure) {
            return new Outcome(
                    name, payload, status, sent, System.nanoTime(), firstFailure, number, settledBy, failure);
        }

        Attempt next(Throwable failure) {
            return new Attempt(
                    name, payload, sent, number + 1, firstFailure != null ? firstFailure : describe(failure));
        }
    }

    private Mono<Outcome> attempt(Attempt attempt) {
        ConfigMap object = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(attempt.name())
                .endMetadata()
                .addToData("payload", attempt.payload())
                .build();
        return configMaps
                .create(namespace, object)
                .map(created -> attempt.outcome(Status.ACKNOWLEDGED, "201 Created", null))
                .onErrorResume(
                        ApiErrors::isAlreadyExists,
                        exists -> configMaps
                                .get(namespace, attempt.name())
                                .map(existing -> attempt.payload()
                                                .equals(existing.getData().get("payload"))
                                        ? attempt.outcome(
                                                Status.ACKNOWLEDGED,
                                                "409 AlreadyExists, holding this write's data",
                                                null)
                                        : attempt.outcome(
                                                Status.REJECTED, null, describe(exists) + " holding other data")))
                .onErrorResume(
                        error -> !(error instanceof ApiException),
                        unknown -> attempt.number() < ATTEMPTS
                                ? Mono.delay(REQUEUE_AFTER).then(attempt(attempt.next(unknown)))
                                : Mono.just(attempt.outcome(Status.UNKNOWN, null, describe(unknown))))
                .onErrorResume(refused -> Mono.just(attempt.outcome(Status.REJECTED, null, describe(refused))));
    }

    /**
     * A slot for one more write in flight. When the bound is reached the writer waits, bounded, and
     * sends late rather than not at all: this is a fault test, not a throughput benchmark, and a
     * loaded machine may answer slowly.
     */
    private boolean awaitSlot() {
        try {
            return inFlight.tryAcquire(SLOT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until every write sent has its outcome; false if some are still out after the timeout. */
    boolean awaitAnswers(Duration timeout) throws InterruptedException {
        if (inFlight.tryAcquire(maxInFlight, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            inFlight.release(maxInFlight);
            return true;
        }
        return false;
    }

    int acknowledgedSoFar() {
        return acknowledged.get();
    }

    /** Every outcome, in the order the writes were sent. */
    List<Outcome> outcomes() {
        List<Outcome> sorted = new ArrayList<>(outcomes.values());
        sorted.sort(Comparator.comparing(Outcome::name));
        return sorted;
    }

    /** Writes skipped because no slot came free within the wait. */
    List<String> notSent() {
        return List.copyOf(notSent);
    }

    private static String describe(Throwable error) {
        if (error instanceof ApiException api) {
            return api.code() + " " + api.reason() + ": " + api.getMessage();
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error
                ? error.getClass().getSimpleName() + ": " + error.getMessage()
                : error.getClass().getSimpleName() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage()
                        + ")";
    }
}
