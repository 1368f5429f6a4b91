package io.skiff.model.downward;

import java.util.Set;

/**
 * The pod field labels the v1 API converts (ConvertDownwardAPIFieldLabel): what a downward API
 * fieldRef may name. The API server validates against them and the kubelet resolves them.
 */
public final class PodFieldLabels {

    public static final Set<String> ALL = Set.of(
            "metadata.annotations",
            "metadata.labels",
            "metadata.name",
            "metadata.namespace",
            "metadata.uid",
            "spec.nodeName",
            "spec.restartPolicy",
            "spec.serviceAccountName",
            "spec.schedulerName",
            "status.phase",
            "status.hostIP",
            "status.hostIPs",
            "status.podIP",
            "status.podIPs");

    private PodFieldLabels() {}
}
