package io.skiff.kubelet.network;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sandbox attached to the pod network: the exact configuration lists and arguments ADD ran
 * with and the result it returned, which CHECK and DEL need again (the CNI spec's cached result).
 * Serialisable with Jackson so a restarted kubelet can still tear it down.
 *
 * @param containerId the sandbox id given as CNI_CONTAINERID
 * @param netns the sandbox's network namespace path
 */
public record PodNetworkAttachment(
        String containerId,
        String netns,
        Map<String, String> cniArgs,
        List<HostPortMapping> hostPorts,
        NetworkConfigList network,
        NetworkConfigList loopback,
        CniResult result) {

    public PodNetworkAttachment {
        cniArgs = Collections.unmodifiableMap(new LinkedHashMap<>(cniArgs));
        hostPorts = List.copyOf(hostPorts);
    }

    /** The pod's addresses, primary first. */
    public List<String> podIps() {
        return result.sandboxAddresses();
    }
}
