package io.skiff.component.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Turns a non-2xx reply into an {@link ApiException}: the server's own Status when the body is one,
 * otherwise a Status with the reason and message client-go gives such a reply
 * (apimachinery's errors.NewGenericServerResponse). A Retry-After header ends up in
 * details.retryAfterSeconds either way, where retries look for it.
 */
final class ResponseErrors {

    /** Longest piece of a non-Status body quoted in the message. */
    private static final int QUOTED_BODY_LIMIT = 256;

    private ResponseErrors() {}

    static ApiException toException(int code, String retryAfterHeader, byte[] body) {
        Integer retryAfter = retryAfterSeconds(retryAfterHeader);
        Status status = statusIn(body);
        if (status != null) {
            if (status.getCode() == null || status.getCode() == 0) {
                status.setCode(code);
            }
            if (retryAfter != null) {
                if (status.getDetails() == null) {
                    status.setDetails(new StatusDetails());
                }
                if (status.getDetails().getRetryAfterSeconds() == null) {
                    status.getDetails().setRetryAfterSeconds(retryAfter);
                }
            }
            return new ApiException(status);
        }
        StatusDetails details = null;
        if (retryAfter != null) {
            details = new StatusDetails();
            details.setRetryAfterSeconds(retryAfter);
        }
        return Statuses.failure(code, reason(code), message(code, body), details);
    }

    private static Status statusIn(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode json = KubeJson.mapper().readTree(body);
            if (json != null
                    && json.isObject()
                    && "Status".equals(json.path("kind").asText())) {
                return KubeJson.mapper().treeToValue(json, Status.class);
            }
        } catch (IOException notJson) {
            // Not JSON (a proxy's HTML page, plain text): described by its code instead.
        }
        return null;
    }

    /** The reason Kubernetes gives each code (metav1.StatusReason); "" where it has none. */
    static String reason(int code) {
        return switch (code) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 406 -> "NotAcceptable";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "RequestEntityTooLarge";
            case 415 -> "UnsupportedMediaType";
            case 422 -> "Invalid";
            case 429 -> "TooManyRequests";
            case 500 -> "InternalError";
            case 503 -> "ServiceUnavailable";
            case 504 -> "Timeout";
            default -> "";
        };
    }

    private static String message(int code, byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        String base = switch (code) {
            case 400 -> "the server rejected our request for an unknown reason";
            case 401 -> "the server has asked for the client to provide credentials";
            case 403 -> "the server does not allow access to the requested resource";
            case 404 -> "the server could not find the requested resource";
            case 405 -> "the server does not allow this method on the requested resource";
            case 406, 415 -> "the server was unable to respond with a content type that the client supports";
            case 409 -> "the server reported a conflict";
            case 410 -> "the server reported that the requested resource is gone";
            case 413 -> "the server rejected the request because it is too large";
            case 422 -> "the server rejected our request due to an error in our request";
            case 429 -> "the server has received too many requests and has asked us to try again later";
            case 500 -> "an error on the server has prevented the request from succeeding";
            case 503 -> "the server is currently unable to handle the request";
            case 504 ->
                "the server was unable to return a response in the time allotted, but may still be processing the request";
            default -> "the server responded with the status code " + code + " but did not return more information";
        };
        if (text.isEmpty()) {
            return base;
        }
        return base + ": " + (text.length() > QUOTED_BODY_LIMIT ? text.substring(0, QUOTED_BODY_LIMIT) + "..." : text);
    }

    /** Retry-After as delay-seconds or as an HTTP date; null when absent or unreadable. */
    static Integer retryAfterSeconds(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        try {
            int seconds = Integer.parseInt(value);
            return seconds > 0 ? seconds : null;
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                long seconds =
                        Duration.between(ZonedDateTime.now(at.getZone()), at).toSeconds();
                return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
