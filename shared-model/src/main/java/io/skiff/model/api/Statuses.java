package io.skiff.model.api;

import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import java.util.List;

/**
 * Builds the {@link Status} objects Kubernetes answers with, with the same reasons, codes and
 * message shapes (k8s.io/apimachinery/pkg/api/errors), so kubectl and client libraries recognise
 * them.
 */
public final class Statuses {

    private Statuses() {}

    public static ApiException notFound(String group, String resource, String name) {
        return failure(
                404,
                "NotFound",
                qualified(group, resource) + " \"" + name + "\" not found",
                details(group, resource, name));
    }

    public static ApiException alreadyExists(String group, String resource, String name) {
        return failure(
                409,
                "AlreadyExists",
                qualified(group, resource) + " \"" + name + "\" already exists",
                details(group, resource, name));
    }

    public static ApiException conflict(String group, String resource, String name, String why) {
        return failure(
                409,
                "Conflict",
                "Operation cannot be fulfilled on " + qualified(group, resource) + " \"" + name + "\": " + why,
                details(group, resource, name));
    }

    /** The standard optimistic-concurrency conflict of a stale resourceVersion. */
    public static ApiException staleResourceVersion(String group, String resource, String name) {
        return conflict(
                group,
                resource,
                name,
                "the object has been modified; please apply your changes to the latest version and try again");
    }

    /** 422 Invalid: {@code Kind "name" is invalid: field: message, ...}. */
    public static ApiException invalid(String group, String kind, String name, List<StatusCause> causes) {
        StringBuilder message = new StringBuilder();
        message.append(qualifiedKind(group, kind)).append(" \"").append(name).append("\" is invalid: ");
        if (causes.size() > 1) {
            message.append('[');
        }
        for (int i = 0; i < causes.size(); i++) {
            StatusCause cause = causes.get(i);
            if (i > 0) {
                message.append(", ");
            }
            if (cause.getField() != null && !cause.getField().isEmpty()) {
                message.append(cause.getField()).append(": ");
            }
            message.append(cause.getMessage());
        }
        if (causes.size() > 1) {
            message.append(']');
        }
        StatusDetails details = new StatusDetails();
        details.setName(name);
        details.setGroup(group);
        details.setKind(kind);
        details.setCauses(List.copyOf(causes));
        return failure(422, "Invalid", message.toString(), details);
    }

    public static ApiException badRequest(String message) {
        return failure(400, "BadRequest", message, null);
    }

    /** 410 Gone with reason Expired: a compacted resourceVersion or an expired continue token. */
    public static ApiException expired(String message) {
        return failure(410, "Expired", message, null);
    }

    public static ApiException gone(String message) {
        return failure(410, "Gone", message, null);
    }

    public static ApiException methodNotSupported(String group, String resource, String verb) {
        return failure(
                405,
                "MethodNotAllowed",
                verb + " is not supported on resources of kind \"" + qualified(group, resource) + "\"",
                details(group, resource, null));
    }

    public static ApiException notAcceptable(String message) {
        return failure(406, "NotAcceptable", message, null);
    }

    public static ApiException unsupportedMediaType(String contentType) {
        return failure(
                415,
                "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json"
                        + (contentType == null ? "" : " (got " + contentType + ")"),
                null);
    }

    public static ApiException requestEntityTooLarge(long limitBytes) {
        return failure(413, "RequestEntityTooLarge", "Request entity too large: limit is " + limitBytes, null);
    }

    public static ApiException tooManyRequests(String message, int retryAfterSeconds) {
        StatusDetails details = new StatusDetails();
        details.setRetryAfterSeconds(retryAfterSeconds);
        return failure(429, "TooManyRequests", message, details);
    }

    public static ApiException forbidden(String message) {
        return failure(403, "Forbidden", message, null);
    }

    public static ApiException internalError(String message) {
        return failure(500, "InternalError", "Internal error occurred: " + message, null);
    }

    public static ApiException serviceUnavailable(String message) {
        return failure(503, "ServiceUnavailable", message, null);
    }

    public static ApiException timeout(String message) {
        return failure(504, "Timeout", message, null);
    }

    /** A Status with status Failure and the given parts; details may be null. */
    public static ApiException failure(int code, String reason, String message, StatusDetails details) {
        Status status = new Status();
        status.setApiVersion("v1");
        status.setKind("Status");
        status.setMetadata(new ListMeta());
        status.setStatus("Failure");
        status.setCode(code);
        status.setReason(reason);
        status.setMessage(message);
        status.setDetails(details);
        return new ApiException(status);
    }

    /** The Success status a delete of a collection or a non-returning delete answers with. */
    public static Status success(String group, String resource, String name) {
        Status status = new Status();
        status.setApiVersion("v1");
        status.setKind("Status");
        status.setMetadata(new ListMeta());
        status.setStatus("Success");
        status.setDetails(details(group, resource, name));
        return status;
    }

    private static StatusDetails details(String group, String resource, String name) {
        StatusDetails details = new StatusDetails();
        details.setGroup(group);
        details.setKind(resource);
        details.setName(name);
        return details;
    }

    /** "Pod", "Deployment.apps": how Kubernetes names a kind in messages (schema.GroupKind). */
    private static String qualifiedKind(String group, String kind) {
        return group == null || group.isEmpty() ? kind : kind + "." + group;
    }

    private static String qualified(String group, String resource) {
        return group == null || group.isEmpty() ? resource : resource + "." + group;
    }
}
