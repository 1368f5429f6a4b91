package io.skiff.scheduler.framework;

/** A non-success {@link Status} raised as an exception, carrying the status for callers that inspect it. */
public final class SchedulingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Status status;

    public SchedulingException(Status status) {
        super(status.message(), status.error());
        this.status = status;
    }

    public Status status() {
        return status;
    }
}
