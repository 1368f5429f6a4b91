package io.skiff.component.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.skiff.model.api.ApiException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Sorts the ways a request to the API server can fail: whether anything reached the server,
 * whether the server is unhealthy (a circuit breaker should count it) and whether the server asked
 * the client to come back later.
 */
public final class Failures {

    private Failures() {}

    /**
     * True when the request certainly never reached a server: the connection was refused or timed
     * out while connecting, or every server's breaker was open. Such a request is safe to repeat
     * even if it writes.
     */
    public static boolean nothingSent(Throwable error) {
        return error instanceof CallNotPermittedException || causedBy(error, ConnectException.class);
    }

    /** True for connection-level failures: nothing or only part of an exchange happened. */
    public static boolean isTransportFailure(Throwable error) {
        return !(error instanceof ApiException)
                && (causedBy(error, IOException.class) || causedBy(error, TimeoutException.class));
    }

    /**
     * True when the failure says the server itself is unwell: it cannot be reached, timed out, or
     * answered 500, 502, 503 or 504. Client errors (4xx, including 429 flow control) mean the
     * server works.
     */
    public static boolean isServerFailure(Throwable error) {
        if (error instanceof ApiException api) {
            return isServerErrorCode(api.code());
        }
        return isTransportFailure(error);
    }

    public static boolean isServerErrorCode(int code) {
        return code == 500 || code == 502 || code == 503 || code == 504;
    }

    /** The wait the server asked for (Retry-After or the Status' details.retryAfterSeconds). */
    public static Optional<Duration> retryAfter(Throwable error) {
        if (error instanceof ApiException api
                && api.status().getDetails() != null
                && api.status().getDetails().getRetryAfterSeconds() != null
                && api.status().getDetails().getRetryAfterSeconds() > 0) {
            return Optional.of(Duration.ofSeconds(api.status().getDetails().getRetryAfterSeconds()));
        }
        return Optional.empty();
    }

    /** An HTTP status code, or 0 when the failure was not an answer from the server. */
    public static int code(Throwable error) {
        return error instanceof ApiException api ? api.code() : 0;
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
