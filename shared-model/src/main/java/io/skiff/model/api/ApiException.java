package io.skiff.model.api;

import io.fabric8.kubernetes.api.model.Status;

/**
 * A request failed in a way the client should hear about as a Kubernetes {@link Status}. Thrown
 * anywhere in request handling; the HTTP layer turns it into the response body and code.
 */
public class ApiException extends RuntimeException {

    private final transient Status status;

    public ApiException(Status status) {
        super(status.getMessage(), null, false, false);
        this.status = status;
    }

    public Status status() {
        return status;
    }

    public int code() {
        return status.getCode();
    }

    public String reason() {
        return status.getReason();
    }
}
