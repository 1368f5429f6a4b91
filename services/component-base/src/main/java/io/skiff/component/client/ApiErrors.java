package io.skiff.component.client;

import io.skiff.component.resilience.Conflicts;
import io.skiff.model.api.ApiException;

/**
 * What a failure means, as apimachinery's errors.IsNotFound and friends tell it: predicates on the
 * {@link ApiException} a request ends with, false for any other error.
 */
public final class ApiErrors {

    private ApiErrors() {}

    public static boolean isNotFound(Throwable error) {
        return hasReason(error, 404, "NotFound");
    }

    public static boolean isAlreadyExists(Throwable error) {
        return hasReason(error, 409, "AlreadyExists");
    }

    /** A lost optimistic-concurrency race: read again and retry ({@link Conflicts}). */
    public static boolean isConflict(Throwable error) {
        return Conflicts.isConflict(error);
    }

    /** 410 Expired: a compacted resourceVersion or an expired continue token; relist. */
    public static boolean isResourceExpired(Throwable error) {
        return hasReason(error, 410, "Expired");
    }

    /** Any 410 (Expired or Gone): the watch or list must start over from a fresh list. */
    public static boolean isGone(Throwable error) {
        return code(error) == 410;
    }

    public static boolean isInvalid(Throwable error) {
        return hasReason(error, 422, "Invalid");
    }

    public static boolean isTooManyRequests(Throwable error) {
        return code(error) == 429;
    }

    public static boolean isForbidden(Throwable error) {
        return code(error) == 403;
    }

    public static boolean isMethodNotSupported(Throwable error) {
        return code(error) == 405;
    }

    /**
     * Whether the server's Status names a cause of this type (apimachinery's HasStatusCause), e.g.
     * "NamespaceTerminating" when a create is refused in a namespace being deleted.
     */
    public static boolean hasStatusCause(Throwable error, String causeType) {
        if (!(error instanceof ApiException api)
                || api.status() == null
                || api.status().getDetails() == null
                || api.status().getDetails().getCauses() == null) {
            return false;
        }
        return api.status().getDetails().getCauses().stream().anyMatch(cause -> causeType.equals(cause.getReason()));
    }

    /** The HTTP code of an ApiException, 0 for any other error. */
    public static int code(Throwable error) {
        return error instanceof ApiException api ? api.code() : 0;
    }

    /** By reason when the server gave one, else by code alone (a reply without a Status body). */
    private static boolean hasReason(Throwable error, int code, String reason) {
        if (!(error instanceof ApiException api) || api.code() != code) {
            return false;
        }
        return api.reason() == null || api.reason().isEmpty() || api.reason().equals(reason);
    }
}
