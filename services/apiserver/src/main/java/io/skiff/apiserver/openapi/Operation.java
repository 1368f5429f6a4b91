package io.skiff.apiserver.openapi;

import java.util.List;
import java.util.Optional;

/**
 * One HTTP operation on a path, as kube-apiserver documents it.
 *
 * @param method the HTTP method, lower case
 * @param operationId e.g. "patchAppsV1NamespacedDeployment"
 * @param description one line on what it does
 * @param action the {@code x-kubernetes-action}: get, list, post, put, patch, delete,
 *     deletecollection, watch, watchlist or connect
 * @param kind the {@code x-kubernetes-group-version-kind} of what it acts on
 * @param tag the group-version tag, e.g. "apps_v1"
 * @param parameters every parameter, path ones included
 * @param body the request body, if it takes one
 * @param response what a successful response carries
 * @param successCodes the documented success codes, e.g. [200, 201]
 */
record Operation(
        String method,
        String operationId,
        String description,
        String action,
        GroupVersionKind kind,
        String tag,
        List<Parameter> parameters,
        Optional<RequestBody> body,
        Payload response,
        List<Integer> successCodes) {

    Operation {
        parameters = parameters.stream().sorted(Parameter.ORDER).toList();
        successCodes = List.copyOf(successCodes);
    }

    /**
     * @param definition the schema of the body
     * @param contentTypes the media types accepted
     * @param required whether a body must be sent
     */
    record RequestBody(String definition, List<String> contentTypes, boolean required) {}

    /**
     * What a response carries.
     *
     * @param definition the schema of the body; empty for plain text such as logs
     * @param contentTypes the media types it can be served as
     */
    record Payload(Optional<String> definition, List<String> contentTypes) {}
}
