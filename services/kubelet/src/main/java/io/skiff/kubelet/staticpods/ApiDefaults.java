package io.skiff.kubelet.staticpods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API defaults a manifest gets as it is decoded, as Kubernetes' kubelet decodes static pods
 * through the API scheme (SetDefaults_Pod, SetDefaults_PodSpec, SetDefaults_Container of core/v1):
 * the pod-level and container fields the kubelet acts on. The API server gives the mirror pod the
 * full set. Defaults the kubelet applies where it reads a field (imagePullPolicy by the image's tag,
 * probe timings, volume modes) are left to those readers.
 */
final class ApiDefaults {

    private ApiDefaults() {}

    static void apply(Pod pod) {
        if (pod.getSpec() == null) {
            pod.setSpec(new PodSpec());
        }
        if (pod.getStatus() == null) {
            pod.setStatus(new PodStatus());
        }
        PodSpec spec = pod.getSpec();
        podOnly(spec);
        if (isEmpty(spec.getDnsPolicy())) {
            spec.setDnsPolicy("ClusterFirst");
        }
        if (isEmpty(spec.getRestartPolicy())) {
            spec.setRestartPolicy("Always");
        }
        if (spec.getSecurityContext() == null) {
            spec.setSecurityContext(new PodSecurityContext());
        }
        if (spec.getTerminationGracePeriodSeconds() == null) {
            spec.setTerminationGracePeriodSeconds(30L);
        }
        if (isEmpty(spec.getSchedulerName())) {
            spec.setSchedulerName("default-scheduler");
        }
        for (Container container : containers(spec)) {
            container(container);
        }
    }

    /** SetDefaults_Pod: what only Pods get, never the templates of workloads. */
    private static void podOnly(PodSpec spec) {
        if (spec.getEnableServiceLinks() == null) {
            spec.setEnableServiceLinks(true);
        }
        boolean hostNetwork = Boolean.TRUE.equals(spec.getHostNetwork());
        for (Container container : containers(spec)) {
            requestsFromLimits(container);
            if (hostNetwork) {
                for (ContainerPort port : orEmpty(container.getPorts())) {
                    if ((port.getHostPort() == null || port.getHostPort() == 0) && port.getContainerPort() != null) {
                        port.setHostPort(port.getContainerPort());
                    }
                }
            }
        }
    }

    private static void requestsFromLimits(Container container) {
        ResourceRequirements resources = container.getResources();
        if (resources == null
                || resources.getLimits() == null
                || resources.getLimits().isEmpty()) {
            return;
        }
        Map<String, Quantity> requests =
                resources.getRequests() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(resources.getRequests());
        resources.getLimits().forEach(requests::putIfAbsent);
        resources.setRequests(requests);
    }

    private static void container(Container container) {
        if (isEmpty(container.getTerminationMessagePath())) {
            container.setTerminationMessagePath("/dev/termination-log");
        }
        if (isEmpty(container.getTerminationMessagePolicy())) {
            container.setTerminationMessagePolicy("File");
        }
        for (ContainerPort port : orEmpty(container.getPorts())) {
            if (isEmpty(port.getProtocol())) {
                port.setProtocol("TCP");
            }
        }
    }

    /** The app and init containers (ephemeral ones are refused in static pods). */
    private static List<Container> containers(PodSpec spec) {
        List<Container> all = new ArrayList<>(orEmpty(spec.getInitContainers()));
        all.addAll(orEmpty(spec.getContainers()));
        return all;
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
