package io.skiff.component.controller;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What a {@link Reconciler} asks for after a sync: nothing, a retry with backoff, or a later look. */
public final class Result {

    private static final Result DONE = new Result(false, null);
    private static final Result REQUEUE = new Result(true, null);

    private final boolean rateLimited;
    private final Duration after;

    private Result(boolean rateLimited, Duration after) {
        this.rateLimited = rateLimited;
        this.after = after;
    }

    /** The key is in its desired state: its failures are forgotten. */
    public static Result done() {
        return DONE;
    }

    /** Not there yet, without an error: retry with the queue's backoff, as after a failure. */
    public static Result requeue() {
        return REQUEUE;
    }

    /** Look again after {@code delay} (e.g. when a deadline expires); failures are forgotten. */
    public static Result requeueAfter(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        return new Result(false, delay);
    }

    /** Whether the key goes back to the queue with backoff. */
    public boolean isRequeueWithBackoff() {
        return rateLimited;
    }

    /** The fixed delay after which the key goes back to the queue, if one was asked for. */
    public Optional<Duration> requeueAfter() {
        return Optional.ofNullable(after);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Result result
                && rateLimited == result.rateLimited
                && Objects.equals(after, result.after);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rateLimited, after);
    }

    @Override
    public String toString() {
        if (after != null) {
            return "Result.requeueAfter(" + after + ")";
        }
        return rateLimited ? "Result.requeue()" : "Result.done()";
    }
}
