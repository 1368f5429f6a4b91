package io.skiff.component.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.skiff.component.workqueue.ItemExponentialFailureRateLimiter;
import io.skiff.component.workqueue.WorkQueue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ControllerRunnerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final WorkQueue<String> queue = WorkQueue.<String>builder("test")
            .rateLimiter(new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(10), Duration.ofMillis(80)))
            .build();
    private ControllerRunner<String> runner;

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.stop(WAIT);
        }
    }

    @Test
    void aSuccessfulSyncForgetsTheKeysFailures() {
        List<String> synced = new CopyOnWriteArrayList<>();
        queue.addRateLimited("a");
        start(1, key -> {
            synced.add(key);
            return Result.done();
        });

        await().atMost(WAIT).until(() -> synced.contains("a"));
        await().atMost(WAIT).until(() -> queue.numRequeues("a") == 0);
        queue.add("b");
        await().atMost(WAIT).until(() -> synced.size() == 2);
        assertThat(synced).containsExactly("a", "b");
    }

    @Test
    void aFailingSyncIsRetriedWithGrowingBackoffUntilItSucceeds() {
        List<Long> attempts = new CopyOnWriteArrayList<>();
        start(1, key -> {
            attempts.add(System.nanoTime());
            if (attempts.size() < 4) {
                throw new IllegalStateException("conflict, try again");
            }
            return Result.done();
        });

        queue.add("a");

        await().atMost(WAIT).until(() -> attempts.size() == 4);
        await().atMost(WAIT).until(() -> queue.numRequeues("a") == 0);
        assertThat(gapMillis(attempts, 1)).isGreaterThanOrEqualTo(10);
        assertThat(gapMillis(attempts, 2)).isGreaterThanOrEqualTo(20);
        assertThat(gapMillis(attempts, 3)).isGreaterThanOrEqualTo(40);
    }

    @Test
    void requeueRetriesWithBackoffWithoutAnError() {
        AtomicInteger calls = new AtomicInteger();
        start(1, key -> calls.incrementAndGet() < 3 ? Result.requeue() : Result.done());

        queue.add("a");

        await().atMost(WAIT).until(() -> calls.get() == 3);
        await().atMost(WAIT).until(() -> queue.numRequeues("a") == 0);
    }

    @Test
    void requeueAfterBringsTheKeyBackAfterTheDelay() {
        List<Long> attempts = new CopyOnWriteArrayList<>();
        start(1, key -> {
            attempts.add(System.nanoTime());
            return attempts.size() == 1 ? Result.requeueAfter(Duration.ofMillis(100)) : Result.done();
        });

        queue.add("a");

        await().atMost(WAIT).until(() -> attempts.size() == 2);
        assertThat(gapMillis(attempts, 1)).isGreaterThanOrEqualTo(100);
        assertThat(queue.numRequeues("a")).isZero();
    }

    @Test
    void workersRunInParallelOnNamedThreadsAndAKeyAddedDuringItsSyncIsSyncedOnceMoreAfterwards() throws Exception {
        CyclicBarrier allThreeSyncing = new CyclicBarrier(4);
        CountDownLatch release = new CountDownLatch(1);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        List<String> synced = new CopyOnWriteArrayList<>();
        start(3, key -> {
            threads.add(Thread.currentThread().getName());
            if (inFlight.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            synced.add(key);
            if (synced.size() <= 3) {
                allThreeSyncing.await(5, TimeUnit.SECONDS);
                release.await(5, TimeUnit.SECONDS);
            }
            inFlight.get(key).decrementAndGet();
            return Result.done();
        });
        queue.add("a");
        queue.add("b");
        queue.add("c");

        allThreeSyncing.await(5, TimeUnit.SECONDS);
        for (int i = 0; i < 50; i++) {
            queue.add("a");
        }
        assertThat(queue.len())
                .as("a is not handed out while it is being synced")
                .isZero();
        release.countDown();

        await().atMost(WAIT).until(() -> synced.size() == 4);
        Thread.sleep(50);
        assertThat(synced).hasSize(4).endsWith("a");
        assertThat(threads).containsExactlyInAnyOrder("test-worker-0", "test-worker-1", "test-worker-2");
        assertThat(overlaps).hasValue(0);
    }

    @Test
    void stopLetsSyncsInProgressFinishAndSkipsQueuedKeys() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> finished = new CopyOnWriteArrayList<>();
        start(1, key -> {
            started.countDown();
            release.await(5, TimeUnit.SECONDS);
            finished.add(key);
            return Result.done();
        });
        queue.add("in-progress");
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        queue.add("queued");

        new Thread(() -> {
                    sleepQuietly(100);
                    release.countDown();
                })
                .start();
        boolean stopped = runner.stop(WAIT);

        assertThat(stopped).isTrue();
        assertThat(finished).containsExactly("in-progress");
        assertThat(queue.isShuttingDown()).isTrue();
        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .doesNotContain("test-worker-0");
    }

    @Test
    void stopReportsSyncsStillRunningAfterItsTimeout() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(1, key -> {
            started.countDown();
            release.await(5, TimeUnit.SECONDS);
            return Result.done();
        });
        queue.add("stuck");
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(runner.stop(Duration.ofMillis(100))).isFalse();
        release.countDown();
    }

    @Test
    void resultsAreValueObjects() {
        assertThat(Result.done()).isEqualTo(Result.done());
        assertThat(Result.requeueAfter(Duration.ofSeconds(1))).isEqualTo(Result.requeueAfter(Duration.ofSeconds(1)));
        assertThat(Result.requeue().isRequeueWithBackoff()).isTrue();
        assertThat(Result.done().requeueAfter()).isEmpty();
        assertThat(Result.requeueAfter(Duration.ofSeconds(2)).requeueAfter()).contains(Duration.ofSeconds(2));
        assertThat(Result.requeueAfter(Duration.ofSeconds(2))).hasToString("Result.requeueAfter(PT2S)");
        assertThatThrownBy(() -> Result.requeueAfter(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void start(int workers, Reconciler<String> reconciler) {
        runner = new ControllerRunner<>("test", queue, reconciler, workers);
        runner.start();
    }

    private static long gapMillis(List<Long> nanos, int index) {
        return (nanos.get(index) - nanos.get(index - 1)) / 1_000_000;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
