package io.skiff.scheduler.framework;

import java.time.Duration;
import java.util.Objects;

/** A Permit plugin's answer: allow, reject, or wait up to {@code timeout} for a later allow or reject. */
public record PermitResult(Status status, Duration timeout) {

    private static final PermitResult ALLOW = new PermitResult(Status.success(), Duration.ZERO);

    public PermitResult {
        Objects.requireNonNull(status, "status");
        timeout = timeout == null ? Duration.ZERO : timeout;
    }

    public static PermitResult allow() {
        return ALLOW;
    }

    public static PermitResult waitFor(Duration timeout) {
        return new PermitResult(Status.waiting(), timeout);
    }

    public static PermitResult reject(Status status) {
        return new PermitResult(status, Duration.ZERO);
    }
}
