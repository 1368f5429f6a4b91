package io.skiff.proxy.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BoundedFrequencyRunnerTest {

    @Test
    void aRequestOnAQuietRunnerRunsAtOnce() {
        AtomicInteger runs = new AtomicInteger();
        try (BoundedFrequencyRunner runner = new BoundedFrequencyRunner(
                "test", runs::incrementAndGet, Duration.ofSeconds(1), Duration.ofMinutes(1), 1)) {
            runner.start();
            long start = System.nanoTime();
            runner.run();
            await().atMost(Duration.ofMillis(500)).until(() -> runs.get() == 1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        }
    }

    @Test
    void requestsWithinTheMinimumIntervalCoalesceIntoOneLaterRun() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        try (BoundedFrequencyRunner runner = new BoundedFrequencyRunner(
                "test", runs::incrementAndGet, Duration.ofMillis(600), Duration.ofMinutes(1), 1)) {
            runner.start();
            runner.run();
            await().atMost(Duration.ofMillis(300)).until(() -> runs.get() == 1);
            for (int i = 0; i < 20; i++) {
                runner.run();
            }
            Thread.sleep(200);
            assertThat(runs.get()).as("the minimum interval has not passed").isEqualTo(1);
            await().atMost(Duration.ofSeconds(2)).until(() -> runs.get() == 2);
            Thread.sleep(800);
            assertThat(runs.get()).as("twenty requests, one run").isEqualTo(2);
        }
    }

    @Test
    void burstRunsMayFollowEachOtherAtOnce() {
        AtomicInteger runs = new AtomicInteger();
        try (BoundedFrequencyRunner runner = new BoundedFrequencyRunner(
                "test",
                () -> {
                    runs.incrementAndGet();
                },
                Duration.ofSeconds(5),
                Duration.ofMinutes(1),
                2)) {
            runner.start();
            runner.run();
            await().atMost(Duration.ofMillis(500)).until(() -> runs.get() == 1);
            runner.run();
            await().atMost(Duration.ofMillis(500)).until(() -> runs.get() == 2);
        }
    }

    @Test
    void itRunsOncePerMaximumIntervalWithoutRequests() {
        AtomicInteger runs = new AtomicInteger();
        try (BoundedFrequencyRunner runner = new BoundedFrequencyRunner(
                "test", runs::incrementAndGet, Duration.ofMillis(10), Duration.ofMillis(300), 1)) {
            runner.start();
            await().atMost(Duration.ofSeconds(3)).until(() -> runs.get() >= 3);
        }
    }

    @Test
    void aRetryComesBackAfterItsInterval() {
        AtomicInteger runs = new AtomicInteger();
        BoundedFrequencyRunner[] self = new BoundedFrequencyRunner[1];
        self[0] = new BoundedFrequencyRunner(
                "test",
                () -> {
                    if (runs.incrementAndGet() == 1) {
                        self[0].retryAfter(Duration.ofMillis(200));
                    }
                },
                Duration.ofMillis(10),
                Duration.ofMinutes(1),
                1);
        try (BoundedFrequencyRunner runner = self[0]) {
            runner.start();
            runner.run();
            await().atMost(Duration.ofSeconds(2)).until(() -> runs.get() == 2);
        }
    }

    @Test
    void aFailingRunDoesNotStopTheLoop() {
        AtomicInteger runs = new AtomicInteger();
        try (BoundedFrequencyRunner runner = new BoundedFrequencyRunner(
                "test",
                () -> {
                    runs.incrementAndGet();
                    throw new IllegalStateException("boom");
                },
                Duration.ZERO,
                Duration.ofMinutes(1),
                1)) {
            runner.start();
            runner.run();
            await().atMost(Duration.ofSeconds(1)).until(() -> runs.get() == 1);
            runner.run();
            await().atMost(Duration.ofSeconds(1)).until(() -> runs.get() == 2);
        }
    }
}
