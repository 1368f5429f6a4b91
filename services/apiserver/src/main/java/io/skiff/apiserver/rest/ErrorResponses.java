package io.skiff.apiserver.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.skiff.apiserver.storage.CommitOutcomeUnknownException;
import io.skiff.apiserver.storage.StorageUnavailableException;
import io.skiff.apiserver.storage.UnreadableValueException;
import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import io.skiff.model.json.KubeJson;
import io.skiff.model.selector.SelectorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Turns any failure of a request into a Kubernetes Status response. */
public final class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    /**
     * Storage failures are transient (PostgreSQL restarting, a connection dropped): clients retry
     * after this long, and a 503 guarantees nothing was written, so even a create may be retried.
     */
    private static final int STORAGE_RETRY_AFTER_SECONDS = 1;

    private ErrorResponses() {}

    public static ApiException toApiException(Throwable error) {
        if (error instanceof ApiException api) {
            return api;
        }
        if (error instanceof SelectorException selector) {
            return Statuses.badRequest(selector.getMessage());
        }
        if (error instanceof CommitOutcomeUnknownException unknown) {
            return Statuses.failure(504, "Timeout", unknown.getMessage(), retryAfter(STORAGE_RETRY_AFTER_SECONDS));
        }
        if (error instanceof UnreadableValueException unreadable) {
            // kube-apiserver answers data it cannot decrypt with 500 InternalError too.
            return Statuses.internalError(unreadable.getMessage());
        }
        if (error instanceof StorageUnavailableException storage) {
            return Statuses.failure(
                    503, "ServiceUnavailable", storage.getMessage(), retryAfter(STORAGE_RETRY_AFTER_SECONDS));
        }
        log.error("Unexpected error handling a request", error);
        return Statuses.internalError(error.toString());
    }

    public static Mono<ServerResponse> respond(Throwable error) {
        ApiException api = toApiException(error);
        ServerResponse.BodyBuilder builder =
                ServerResponse.status(HttpStatus.valueOf(api.code())).contentType(MediaType.APPLICATION_JSON);
        Status status = api.status();
        if (status.getDetails() != null && status.getDetails().getRetryAfterSeconds() != null) {
            builder.header(
                    "Retry-After", status.getDetails().getRetryAfterSeconds().toString());
        }
        return builder.bodyValue(json(status));
    }

    private static StatusDetails retryAfter(int seconds) {
        StatusDetails details = new StatusDetails();
        details.setRetryAfterSeconds(seconds);
        return details;
    }

    public static byte[] json(Status status) {
        try {
            return KubeJson.mapper().writeValueAsBytes(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
