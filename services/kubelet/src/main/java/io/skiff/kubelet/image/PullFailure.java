package io.skiff.kubelet.image;

/**
 * A step of a pull failed; the message is containerd's wording for the same failure, without the
 * "failed to pull and unpack image" prefix the service adds.
 */
final class PullFailure extends RuntimeException {

    private final boolean notFound;

    PullFailure(String message, boolean notFound) {
        super(message);
        this.notFound = notFound;
    }

    PullFailure(String message, Throwable cause) {
        super(message, cause);
        this.notFound = false;
    }

    boolean notFound() {
        return notFound;
    }

    /** The same failure seen from an outer step: "outer: inner". */
    PullFailure wrap(String context) {
        PullFailure wrapped = new PullFailure(context + ": " + getMessage(), notFound);
        wrapped.initCause(this);
        return wrapped;
    }
}
