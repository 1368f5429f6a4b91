package io.skiff.apiserver.flowcontrol;

import io.skiff.apiserver.authentication.UserInfo;

/**
 * What flow schemas match on: who asks, and for what.
 *
 * @param user the authenticated requester
 * @param verb Kubernetes' request verb (get, list, watch, create, update, patch, delete,
 *     deletecollection)
 * @param apiGroup the resource's group, "" for core; null for a non-resource request
 * @param resource the resource's plural; null for a non-resource request
 * @param subresource the subresource ("status", "scale", ...), "" when none
 * @param namespace the request's namespace, "" when none
 * @param path the request path, which non-resource rules match
 */
public record FlowRequest(
        UserInfo user,
        String verb,
        String apiGroup,
        String resource,
        String subresource,
        String namespace,
        String path) {

    private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

    public boolean isResourceRequest() {
        return resource != null;
    }

    /** The service account's namespace, for a service account's request; else null. */
    public String serviceAccountNamespace() {
        int colon = serviceAccountColon();
        return colon < 0 ? null : user.name().substring(SERVICE_ACCOUNT_PREFIX.length(), colon);
    }

    /** The service account's name, for a service account's request; else null. */
    public String serviceAccountName() {
        int colon = serviceAccountColon();
        return colon < 0 ? null : user.name().substring(colon + 1);
    }

    private int serviceAccountColon() {
        return user.name().startsWith(SERVICE_ACCOUNT_PREFIX)
                ? user.name().indexOf(':', SERVICE_ACCOUNT_PREFIX.length())
                : -1;
    }
}
