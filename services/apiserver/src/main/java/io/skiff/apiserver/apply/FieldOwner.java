package io.skiff.apiserver.apply;

import io.skiff.model.api.Statuses;

/**
 * Who is writing, for managedFields: the request's {@code fieldManager}, or else the part of its
 * User-Agent before the first "/" as Kubernetes derives it ("kubectl/v1.32.0 (linux/amd64) ..."
 * writes as "kubectl").
 *
 * @param subresource "status" or "scale" for writes through those, else null
 */
public record FieldOwner(String manager, String subresource) {

    private static final int MAX_MANAGER_LENGTH = 128;

    public static FieldOwner of(String fieldManager, String userAgent, String subresource) {
        if (fieldManager != null && !fieldManager.isEmpty()) {
            if (fieldManager.length() > MAX_MANAGER_LENGTH) {
                throw Statuses.badRequest("fieldManager: Too long: may not be longer than " + MAX_MANAGER_LENGTH);
            }
            return new FieldOwner(fieldManager, subresource);
        }
        String agent = userAgent == null ? "" : userAgent;
        int slash = agent.indexOf('/');
        String prefix = slash < 0 ? agent : agent.substring(0, slash);
        if (prefix.length() > MAX_MANAGER_LENGTH) {
            prefix = prefix.substring(0, MAX_MANAGER_LENGTH);
        }
        return new FieldOwner(prefix, subresource);
    }

    /** The applier of a server-side apply, which must name itself. */
    public static FieldOwner applier(String fieldManager) {
        if (fieldManager == null || fieldManager.isEmpty()) {
            throw Statuses.badRequest("PATCH, application/apply-patch+yaml: fieldManager: Required value: "
                    + "is required for apply patch");
        }
        return of(fieldManager, null, null);
    }
}
