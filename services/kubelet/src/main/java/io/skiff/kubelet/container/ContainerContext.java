package io.skiff.kubelet.container;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * What a container's environment is resolved from.
 *
 * @param pod the pod, as the API server last sent it
 * @param container one of its containers or init containers
 * @param podIps the pod's addresses, primary first (empty before the sandbox has them)
 * @param hostIps the node's addresses
 * @param nodeName the node the pod runs on
 */
public record ContainerContext(
        Pod pod, Container container, List<String> podIps, List<String> hostIps, String nodeName) {

    public ContainerContext {
        podIps = List.copyOf(podIps);
        hostIps = List.copyOf(hostIps);
    }
}
