package io.skiff.component.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RateLimiterTest {

    static Stream<Arguments> exponentialBackoffs() {
        return Stream.of(
                Arguments.of("first failure waits the base", 1, Duration.ofMillis(5)),
                Arguments.of("second failure doubles it", 2, Duration.ofMillis(10)),
                Arguments.of("fifth failure", 5, Duration.ofMillis(80)),
                Arguments.of("18th failure is still below the cap", 18, Duration.ofMillis(655_360)),
                Arguments.of("19th failure hits the 1000 s cap", 19, Duration.ofSeconds(1000)),
                Arguments.of("far beyond, it stays at the cap", 200, Duration.ofSeconds(1000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exponentialBackoffs")
    void perItemBackoffDoublesFromFiveMillisecondsUpToTheCap(String description, int failures, Duration expected) {
        RateLimiter<String> limiter =
                new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000));

        Duration last = null;
        for (int i = 0; i < failures; i++) {
            last = limiter.when("key");
        }

        assertThat(last).isEqualTo(expected);
        assertThat(limiter.numRequeues("key")).isEqualTo(failures);
    }

    @Test
    void perItemBackoffIsPerItemAndForgetStartsOver() {
        RateLimiter<String> limiter =
                new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000));
        limiter.when("a");
        limiter.when("a");
        limiter.when("a");

        assertThat(limiter.when("b")).isEqualTo(Duration.ofMillis(5));
        limiter.forget("a");
        assertThat(limiter.numRequeues("a")).isZero();
        assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void bucketAllowsItsBurstThenSpacesAttemptsByOneOverQps() {
        AtomicLong clock = new AtomicLong();
        RateLimiter<String> bucket = new BucketRateLimiter<>(10, 100, clock::get);

        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 103; i++) {
            waits.add(bucket.when("key-" + i));
        }

        assertThat(waits.subList(0, 100)).containsOnly(Duration.ZERO);
        assertThat(waits.subList(100, 103))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
        assertThat(bucket.numRequeues("key-0")).isZero();
    }

    @Test
    void bucketRefillsAtItsRateUpToTheBurst() {
        AtomicLong clock = new AtomicLong();
        RateLimiter<String> bucket = new BucketRateLimiter<>(10, 5, clock::get);
        for (int i = 0; i < 5; i++) {
            bucket.when("x");
        }

        clock.addAndGet(Duration.ofMillis(300).toNanos());
        assertThat(bucket.when("x")).isZero();
        assertThat(bucket.when("x")).isZero();
        assertThat(bucket.when("x")).isZero();
        assertThat(bucket.when("x")).isEqualTo(Duration.ofMillis(100));

        clock.addAndGet(Duration.ofHours(1).toNanos());
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.when("x")).as("refilled only to the burst").isZero();
        }
        assertThat(bucket.when("x")).isPositive();
    }

    @Test
    void maxOfTakesTheLongestWaitAndForgetsEverywhere() {
        AtomicLong clock = new AtomicLong();
        RateLimiter<String> limiter = new MaxOfRateLimiter<>(
                new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000)),
                new BucketRateLimiter<>(10, 2, clock::get));

        assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
        assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(10));
        assertThat(limiter.when("b")).as("the bucket is empty").isEqualTo(Duration.ofMillis(100));
        assertThat(limiter.numRequeues("a")).isEqualTo(2);

        limiter.forget("a");
        assertThat(limiter.numRequeues("a")).isZero();
    }

    @Test
    void theDefaultControllerLimiterBacksOffOneItemAloneAndThrottlesStorms() {
        RateLimiter<String> limiter = RateLimiters.defaultControllerRateLimiter();

        assertThat(limiter.when("one")).isEqualTo(Duration.ofMillis(5));
        assertThat(limiter.when("one")).isEqualTo(Duration.ofMillis(10));
        Duration longest = Duration.ZERO;
        for (int i = 0; i < 150; i++) {
            Duration wait = limiter.when("storm-" + i);
            longest = wait.compareTo(longest) > 0 ? wait : longest;
        }
        // 100 tokens of burst, 2 spent above, then one token per 100 ms.
        assertThat(longest).isGreaterThan(Duration.ofSeconds(4));
    }
}
