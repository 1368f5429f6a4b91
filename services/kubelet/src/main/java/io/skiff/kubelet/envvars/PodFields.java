package io.skiff.kubelet.envvars;

import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** The value of a pod fieldRef in a container's environment (the kubelet's podFieldSelectorRuntimeValue). */
public final class PodFields {

    private PodFields() {}

    /**
     * @throws IllegalArgumentException with Kubernetes' message for a path it does not support
     */
    public static String value(ObjectFieldSelector selector, Pod pod, PodAddresses addresses) {
        String path = FieldPaths.convertDownwardApiFieldLabel(selector.getApiVersion(), selector.getFieldPath());
        List<String> podIps = addresses.sortedPodIps();
        List<String> hostIps = addresses.hostIps();
        return switch (path) {
            case "spec.nodeName" -> orEmpty(pod.getSpec().getNodeName());
            case "spec.serviceAccountName" -> orEmpty(pod.getSpec().getServiceAccountName());
            case "status.hostIP" -> hostIps.isEmpty() ? "" : hostIps.get(0);
            case "status.hostIPs" -> String.join(",", hostIps);
            case "status.podIP" -> podIps.isEmpty() ? "" : podIps.get(0);
            case "status.podIPs" -> String.join(",", podIps);
            default -> FieldPaths.extract(pod, path);
        };
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
