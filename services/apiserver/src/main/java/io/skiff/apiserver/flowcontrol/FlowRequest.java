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
 * @param namespace the request's namespace, "" when none
 * @param path the request path, which non-resource rules match
 */
public record FlowRequest(UserInfo user, String verb, String apiGroup, String resource, String namespace, String path) {

    public boolean isResourceRequest() {
        return resource != null;
    }

    public boolean isServiceAccount() {
        return user.name().startsWith("system:serviceaccount:");
    }

    /** The service account's namespace, for a service account's request; else null. */
    public String serviceAccountNamespace() {
        if (!isServiceAccount()) {
            return null;
        }
        String rest = user.name().substring("system:serviceaccount:".length());
        int colon = rest.indexOf(':');
        return colon < 0 ? null : rest.substring(0, colon);
    }
}
