package io.skiff.component.resilience;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * One resilience4j Retry per {@link RetryRule}: exponential backoff with jitter between attempts,
 * or exactly the wait the server asked for when its reply carried Retry-After.
 */
public final class RetryPolicies {

    /** Backoff grows by this factor per attempt. */
    private static final double MULTIPLIER = 2.0;

    /** Each wait is randomised by ±50 %, so clients that failed together do not retry together. */
    private static final double JITTER = 0.5;

    private final Map<RetryRule, Retry> retries = new EnumMap<>(RetryRule.class);

    /**
     * @param maxAttempts attempts in all, the first included; 1 disables retries
     * @param initialBackoff the wait before the second attempt (before jitter)
     * @param maxBackoff the longest wait between attempts (before jitter); Retry-After is honoured
     *     as sent
     */
    public RetryPolicies(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(
                initialBackoff,
                MULTIPLIER,
                JITTER,
                maxBackoff.compareTo(initialBackoff) < 0 ? initialBackoff : maxBackoff);
        IntervalBiFunction<Object> interval = (attempt, outcome) -> outcome.isLeft()
                ? Failures.retryAfter(outcome.getLeft()).map(Duration::toMillis).orElseGet(() -> backoff.apply(attempt))
                : backoff.apply(attempt);
        for (RetryRule rule : RetryRule.values()) {
            RetryConfig config = RetryConfig.custom()
                    .maxAttempts(Math.max(1, maxAttempts))
                    .retryOnException(rule)
                    .intervalBiFunction(interval)
                    .writableStackTraceEnabled(false)
                    .build();
            retries.put(rule, Retry.of("skiff-apiserver-" + rule.name().toLowerCase(Locale.ROOT), config));
        }
    }

    /** Resubscribes {@code attempt} after failures the rule allows, until the attempts run out. */
    public <T> Mono<T> withRetries(RetryRule rule, Mono<T> attempt) {
        return attempt.transformDeferred(RetryOperator.of(retries.get(rule)));
    }
}
