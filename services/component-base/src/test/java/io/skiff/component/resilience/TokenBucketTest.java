package io.skiff.component.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class TokenBucketTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    /**
     * Each step advances the clock, then reserves one token; the expected list is the wait each
     * reservation gets.
     */
    static Stream<Arguments> schedules() {
        return Stream.of(
                Arguments.of(
                        "a full bucket lets a burst through at once",
                        10.0,
                        3,
                        List.of(0L, 0L, 0L),
                        List.of(0L, 0L, 0L)),
                Arguments.of(
                        "after the burst, requests are spaced 1/qps apart",
                        10.0,
                        2,
                        List.of(0L, 0L, 0L, 0L, 0L),
                        List.of(0L, 0L, 100L, 200L, 300L)),
                Arguments.of("tokens refill continuously", 10.0, 1, List.of(0L, 50L, 100L), List.of(0L, 50L, 50L)),
                Arguments.of(
                        "a long quiet spell refills no more than the burst",
                        100.0,
                        2,
                        List.of(0L, 0L, 60_000L, 0L, 0L),
                        List.of(0L, 0L, 0L, 0L, 10L)),
                Arguments.of(
                        "client-go's defaults: 50 QPS, burst 100",
                        50.0,
                        100,
                        Stream.concat(Stream.generate(() -> 0L).limit(100), Stream.of(0L, 0L))
                                .toList(),
                        Stream.concat(Stream.generate(() -> 0L).limit(100), Stream.of(20L, 40L))
                                .toList()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void waitsFollowTheTokenBucket(
            String description, double qps, int burst, List<Long> advanceMillis, List<Long> expectedWaitMillis) {
        TokenBucket bucket = new TokenBucket(qps, burst, now::get);
        List<Long> waits = new ArrayList<>();
        for (long step : advanceMillis) {
            advance(Duration.ofMillis(step));
            waits.add(bucket.reserve().toMillis());
        }
        assertThat(waits).isEqualTo(expectedWaitMillis);
    }

    @Test
    void aCancelledReservationGivesItsTokenBack() {
        TokenBucket bucket = new TokenBucket(10, 1, now::get);
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(100));
        bucket.cancel();
        assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void zeroQpsMeansNoLimit() {
        TokenBucket bucket = new TokenBucket(0, 1, now::get);
        for (int i = 0; i < 1000; i++) {
            assertThat(bucket.reserve()).isZero();
        }
        assertThat(bucket.unlimited()).isTrue();
    }

    @Test
    void aLimitNeedsABurstOfOneOrMore() {
        assertThatThrownBy(() -> new TokenBucket(5, 0, now::get)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acquireWaitsOnATimerAndReportsTheWait() {
        TokenBucket bucket = new TokenBucket(20, 1);
        StepVerifier.create(bucket.acquire()).expectNext(Duration.ZERO).verifyComplete();
        StepVerifier.create(bucket.acquire())
                .assertNext(wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMillis(50)))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void cancellingAWaitingAcquireReturnsTheToken() {
        TokenBucket bucket = new TokenBucket(1, 1, now::get);
        bucket.reserve();
        Mono<Duration> waiting = bucket.acquire();
        StepVerifier.create(waiting)
                .thenAwait(Duration.ofMillis(10))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(bucket.available()).isEqualTo(0.0);
    }
}
