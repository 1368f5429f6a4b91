package io.skiff.component.resilience;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.skiff.model.api.ApiException;
import java.time.Duration;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * client-go's retry.RetryOnConflict: runs a whole read-modify-write again when its write lost an
 * optimistic-concurrency race (409 Conflict). The function must read the object afresh on every
 * run; retrying only the write would send the same stale resourceVersion again. AlreadyExists
 * (also 409) is not a conflict and is never retried.
 */
public final class Conflicts {

    /**
     * client-go's retry.DefaultRetry: 5 runs, 10 ms apart with 10 % jitter. For writes that
     * contend with few others, such as a controller updating its own objects.
     */
    public static final Backoff DEFAULT_RETRY = new Backoff(5, Duration.ofMillis(10), 1.0, 0.1);

    /**
     * client-go's retry.DefaultBackoff: 4 runs, 10 ms growing fivefold with 10 % jitter. For hotly
     * contended objects.
     */
    public static final Backoff DEFAULT_BACKOFF = new Backoff(4, Duration.ofMillis(10), 5.0, 0.1);

    private static final Retry DEFAULT = DEFAULT_RETRY.toRetry();

    private Conflicts() {}

    /**
     * How often and how far apart the function runs.
     *
     * @param steps runs in all, the first included
     * @param initial the wait before the second run
     * @param factor growth of the wait per run (at least 1)
     * @param jitter randomisation of each wait, between 0 and 1
     */
    public record Backoff(int steps, Duration initial, double factor, double jitter) {

        public Backoff {
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be at least 1");
            }
        }

        Retry toRetry() {
            RetryConfig config = RetryConfig.custom()
                    .maxAttempts(steps)
                    .retryOnException(Conflicts::isConflict)
                    .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(initial, factor, jitter))
                    .writableStackTraceEnabled(false)
                    .build();
            return Retry.of("skiff-conflicts", config);
        }
    }

    /** Runs {@code readModifyWrite} with {@link #DEFAULT_RETRY}; the last conflict is the error. */
    public static <T> Mono<T> retryOnConflict(Supplier<Mono<T>> readModifyWrite) {
        return Mono.defer(readModifyWrite).transformDeferred(RetryOperator.of(DEFAULT));
    }

    /** Runs {@code readModifyWrite} again after each conflict, as {@code backoff} allows. */
    public static <T> Mono<T> retryOnConflict(Backoff backoff, Supplier<Mono<T>> readModifyWrite) {
        return Mono.defer(readModifyWrite).transformDeferred(RetryOperator.of(backoff.toRetry()));
    }

    /** 409 with reason Conflict: a stale resourceVersion or a lost race, not AlreadyExists. */
    public static boolean isConflict(Throwable error) {
        return error instanceof ApiException api && api.code() == 409 && "Conflict".equals(api.reason());
    }
}
