package io.skiff.component.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class WorkQueueTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final WorkQueue<String> queue = WorkQueue.<String>builder("test").build();

    @AfterEach
    void shutDown() {
        queue.shutDown();
    }

    @Test
    void aKeyAlreadyWaitingIsQueuedOnlyOnceAndKeysComeOutInOrder() throws InterruptedException {
        queue.add("a");
        queue.add("b");
        queue.add("a");
        queue.add("c");
        queue.add("b");

        assertThat(queue.len()).isEqualTo(3);
        assertThat(takeAll(3)).containsExactly("a", "b", "c");
        assertThat(queue.len()).isZero();
    }

    @Test
    void aKeyAddedWhileBeingProcessedWaitsForDoneAndThenComesBackOnce() throws InterruptedException {
        queue.add("a");
        String key = queue.get(WAIT).orElseThrow();

        queue.add("a");
        queue.add("a");

        assertThat(queue.len()).as("not handed out twice").isZero();
        assertThat(queue.get(Duration.ofMillis(50))).isEmpty();
        queue.done(key);
        assertThat(queue.len()).isEqualTo(1);
        assertThat(queue.get(WAIT)).contains("a");
        queue.done("a");
        assertThat(queue.len()).isZero();
    }

    @Test
    void doneForAKeyThatWasNeverHandedOutDoesNotQueueItTwice() throws InterruptedException {
        queue.add("a");

        queue.done("a");

        assertThat(queue.len()).isEqualTo(1);
    }

    @Test
    void aKeyDoneWithoutBeingAddedAgainDoesNotComeBack() throws InterruptedException {
        queue.add("a");
        queue.done(queue.get(WAIT).orElseThrow());

        assertThat(queue.len()).isZero();
        assertThat(queue.get(Duration.ofMillis(20))).isEmpty();
    }

    @Test
    void underConcurrentAddsNoKeyIsEverProcessedByTwoWorkersAndEveryAddIsSeen() throws Exception {
        List<String> keys = List.of("k0", "k1", "k2", "k3", "k4");
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        Map<String, AtomicLong> wanted = new ConcurrentHashMap<>();
        Map<String, AtomicLong> seen = new ConcurrentHashMap<>();
        for (String key : keys) {
            inFlight.put(key, new AtomicInteger());
            wanted.put(key, new AtomicLong());
            seen.put(key, new AtomicLong());
        }
        AtomicInteger overlaps = new AtomicInteger();
        AtomicBoolean adding = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(11);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                workers.add(threads.submit(() -> {
                    Optional<String> next;
                    while ((next = queue.get()).isPresent()) {
                        String key = next.get();
                        if (inFlight.get(key).incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        long version = wanted.get(key).get();
                        Thread.onSpinWait();
                        seen.get(key).accumulateAndGet(version, Math::max);
                        inFlight.get(key).decrementAndGet();
                        queue.done(key);
                    }
                    return null;
                }));
            }
            List<Future<?>> adders = new ArrayList<>();
            for (int a = 0; a < 3; a++) {
                adders.add(threads.submit(() -> {
                    while (adding.get()) {
                        String key = keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
                        wanted.get(key).incrementAndGet();
                        queue.add(key);
                    }
                    return null;
                }));
            }
            Thread.sleep(300);
            adding.set(false);
            for (Future<?> adder : adders) {
                adder.get(5, TimeUnit.SECONDS);
            }
            assertThat(queue.shutDownWithDrain(WAIT)).isTrue();
            for (Future<?> worker : workers) {
                worker.get(5, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(overlaps).hasValue(0);
        for (String key : keys) {
            assertThat(seen.get(key).get())
                    .as("the last add of %s was processed", key)
                    .isEqualTo(wanted.get(key).get());
        }
    }

    @Test
    void delayedKeysComeOutInTheOrderOfTheirDeadlines() throws InterruptedException {
        queue.addAfter("late", Duration.ofMillis(150));
        queue.addAfter("soon", Duration.ofMillis(50));
        queue.addAfter("middle", Duration.ofMillis(100));
        queue.add("now");

        assertThat(queue.len()).isEqualTo(1);
        assertThat(takeAll(4)).containsExactly("now", "soon", "middle", "late");
    }

    @Test
    void aDelayedKeyRequestedTwiceKeepsTheEarlierDeadline() throws InterruptedException {
        queue.addAfter("earlier-second", Duration.ofSeconds(30));
        queue.addAfter("earlier-second", Duration.ofMillis(30));
        queue.addAfter("earlier-first", Duration.ofMillis(60));
        queue.addAfter("earlier-first", Duration.ofSeconds(30));

        assertThat(takeAll(2)).containsExactly("earlier-second", "earlier-first");
    }

    @Test
    void aZeroDelayAddsAtOnce() {
        queue.addAfter("a", Duration.ZERO);

        assertThat(queue.len()).isEqualTo(1);
    }

    @Test
    void getWithATimeoutReturnsEmptyWhenNothingArrives() throws InterruptedException {
        long started = System.nanoTime();

        assertThat(queue.get(Duration.ofMillis(50))).isEmpty();
        assertThat(System.nanoTime() - started)
                .isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    }

    @Test
    void afterShutDownNewKeysAreIgnoredQueuedKeysStillComeOutThenGetReportsTheEnd() throws InterruptedException {
        queue.add("queued");
        queue.addAfter("delayed", Duration.ofMillis(20));

        queue.shutDown();
        queue.add("ignored");
        queue.addRateLimited("ignored-too");

        assertThat(queue.isShuttingDown()).isTrue();
        assertThat(queue.get()).contains("queued");
        queue.done("queued");
        assertThat(queue.get()).isEmpty();
        Thread.sleep(40);
        assertThat(queue.len()).isZero();
    }

    @Test
    void shutDownWakesWorkersBlockedInGet() throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<String>> blocked = worker.submit(() -> queue.get());
            Thread.sleep(50);

            queue.shutDown();

            assertThat(blocked.get(5, TimeUnit.SECONDS)).isEmpty();
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void shutDownWithDrainWaitsForKeysInFlight() throws Exception {
        queue.add("a");
        String key = queue.get(WAIT).orElseThrow();
        ExecutorService stopper = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> drained = stopper.submit(() -> queue.shutDownWithDrain(WAIT));
            Thread.sleep(100);
            assertThat(drained).isNotDone();

            queue.done(key);

            assertThat(drained.get(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            stopper.shutdownNow();
        }
    }

    @Test
    void shutDownWithDrainGivesUpAfterItsTimeout() throws InterruptedException {
        queue.add("a");
        queue.get(WAIT).orElseThrow();

        assertThat(queue.shutDownWithDrain(Duration.ofMillis(50))).isFalse();
    }

    @Test
    void addRateLimitedDelaysByTheLimiterAndForgetClearsTheFailures() throws InterruptedException {
        WorkQueue<String> limited = WorkQueue.<String>builder("limited")
                .rateLimiter(new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(40), Duration.ofSeconds(1)))
                .build();
        try {
            long started = System.nanoTime();
            limited.addRateLimited("a");
            assertThat(limited.len()).isZero();
            assertThat(limited.get(WAIT)).contains("a");
            assertThat(System.nanoTime() - started)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(40).toNanos());
            limited.done("a");
            limited.addRateLimited("a");
            assertThat(limited.numRequeues("a")).isEqualTo(2);

            limited.forget("a");

            assertThat(limited.numRequeues("a")).isZero();
        } finally {
            limited.shutDown();
        }
    }

    @Test
    void keysAreComparedByValue() throws InterruptedException {
        record Key(String namespace, String name) {}
        WorkQueue<Key> records = WorkQueue.<Key>builder("records").build();
        try {
            records.add(new Key("default", "a"));
            records.add(new Key("default", "a"));

            assertThat(records.len()).isEqualTo(1);
        } finally {
            records.shutDown();
        }
    }

    private List<String> takeAll(int count) throws InterruptedException {
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = queue.get(WAIT).orElseThrow(() -> new AssertionError("queue stayed empty"));
            taken.add(key);
            queue.done(key);
        }
        return taken;
    }
}
