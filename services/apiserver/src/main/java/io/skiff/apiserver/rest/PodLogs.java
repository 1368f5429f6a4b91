package io.skiff.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import io.skiff.model.json.KubeJson;
import java.io.IOException;

/**
 * pods/log. The API server proxies logs from the pod's kubelet; Skiff has no kubelet yet, so this
 * answers with the reason the logs cannot be had, in Kubernetes' words where Kubernetes has them.
 */
final class PodLogs {

    private PodLogs() {}

    static ApiException unavailable(String name, byte[] podJson) {
        JsonNode pod;
        try {
            pod = KubeJson.mapper().readTree(podJson);
        } catch (IOException e) {
            return Statuses.internalError("stored pod " + name + " is not valid JSON");
        }
        String node = pod.path("spec").path("nodeName").asText("");
        if (node.isEmpty()) {
            return Statuses.badRequest("pod " + name + " does not have a host assigned");
        }
        return Statuses.serviceUnavailable("cannot get logs of pod " + name + ": no kubelet serves node \"" + node
                + "\" (Skiff does not run kubelets yet)");
    }
}
