package io.skiff.apiserver.audit;

import io.skiff.apiserver.authentication.UserInfo;

/**
 * What a policy rule matches a request against, as Kubernetes' authorizer.Attributes.
 *
 * @param verb Kubernetes' verb for resource requests (get, list, watch, create, update, patch,
 *     delete, deletecollection), the lower-case HTTP method for other paths
 * @param namespace "" when the request names none (cluster-scoped objects)
 */
public record AuditAttributes(
        UserInfo user,
        String verb,
        boolean resourceRequest,
        String path,
        String apiGroup,
        String namespace,
        String resource,
        String subresource,
        String name) {

    /** A request for an object or collection. */
    public static AuditAttributes resource(
            UserInfo user,
            String verb,
            String apiGroup,
            String namespace,
            String resource,
            String subresource,
            String name) {
        return new AuditAttributes(
                user,
                verb,
                true,
                null,
                apiGroup,
                namespace == null ? "" : namespace,
                resource,
                subresource == null ? "" : subresource,
                name == null ? "" : name);
    }

    /** A request for a path that is no resource (/healthz, /version, discovery). */
    public static AuditAttributes nonResource(UserInfo user, String verb, String path) {
        return new AuditAttributes(user, verb, false, path, "", "", "", "", "");
    }
}
