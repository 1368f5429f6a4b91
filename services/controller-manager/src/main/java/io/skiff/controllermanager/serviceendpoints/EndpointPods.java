package io.skiff.controllermanager.serviceendpoints;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.skiff.controllermanager.pods.ActivePods;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Which pods a Service's endpoints list and how (k8s.io/endpointslice/util and FindPort): shared by
 * the Endpoints and EndpointSlice controllers, so both agree on every pod.
 */
public final class EndpointPods {

    private EndpointPods() {}

    /**
     * Whether the pod belongs in a Service's endpoints at all: not finished, has an IP, and (unless
     * {@code includeTerminating}) not being deleted (ShouldPodBeInEndpoints).
     */
    public static boolean shouldBeInEndpoints(Pod pod, boolean includeTerminating) {
        if (ActivePods.isTerminal(pod)) {
            return false;
        }
        if (pod.getStatus() == null || !hasIp(pod)) {
            return false;
        }
        return includeTerminating || pod.getMetadata().getDeletionTimestamp() == null;
    }

    /** A pod names its own DNS record when it sets a hostname and its subdomain is the Service. */
    public static boolean shouldSetHostname(Pod pod, Service service) {
        String hostname = pod.getSpec() == null ? null : pod.getSpec().getHostname();
        return hostname != null
                && !hostname.isEmpty()
                && Objects.equals(
                        pod.getSpec().getSubdomain(), service.getMetadata().getName())
                && Objects.equals(
                        pod.getMetadata().getNamespace(), service.getMetadata().getNamespace());
    }

    /**
     * The container port a Service port reaches on this pod: a numeric targetPort as it is, a named
     * one looked up among the containers' (and sidecar init containers') ports of the same
     * protocol. Empty when the pod has no such named port.
     */
    public static OptionalInt findPort(Pod pod, ServicePort servicePort) {
        IntOrString target = servicePort.getTargetPort();
        if (target == null) {
            return servicePort.getPort() == null ? OptionalInt.empty() : OptionalInt.of(servicePort.getPort());
        }
        if (target.getStrVal() == null) {
            return target.getIntVal() == null ? OptionalInt.empty() : OptionalInt.of(target.getIntVal());
        }
        String protocol = protocolOf(servicePort.getProtocol());
        if (pod.getSpec() == null) {
            return OptionalInt.empty();
        }
        OptionalInt found = findNamed(pod.getSpec().getContainers(), target.getStrVal(), protocol, false);
        return found.isPresent()
                ? found
                : findNamed(pod.getSpec().getInitContainers(), target.getStrVal(), protocol, true);
    }

    private static OptionalInt findNamed(List<Container> containers, String name, String protocol, boolean sidecars) {
        if (containers == null) {
            return OptionalInt.empty();
        }
        for (Container container : containers) {
            if (sidecars && !"Always".equals(container.getRestartPolicy())) {
                continue;
            }
            if (container.getPorts() == null) {
                continue;
            }
            for (ContainerPort port : container.getPorts()) {
                if (name.equals(port.getName())
                        && protocol.equals(protocolOf(port.getProtocol()))
                        && port.getContainerPort() != null) {
                    return OptionalInt.of(port.getContainerPort());
                }
            }
        }
        return OptionalInt.empty();
    }

    /** Ports default to TCP; the API server fills it in, but cached fixtures may not. */
    static String protocolOf(String protocol) {
        return protocol == null || protocol.isEmpty() ? "TCP" : protocol;
    }

    private static boolean hasIp(Pod pod) {
        String podIp = pod.getStatus().getPodIP();
        return (podIp != null && !podIp.isEmpty())
                || (pod.getStatus().getPodIPs() != null
                        && !pod.getStatus().getPodIPs().isEmpty());
    }
}
