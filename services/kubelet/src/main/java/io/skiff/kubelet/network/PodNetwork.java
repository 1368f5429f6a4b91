package io.skiff.kubelet.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod sandbox's network through CNI, as containerd's CRI plugin wires it: the loopback network
 * first (interface "lo"), then the node's pod network (interface "eth0") with the pod's hostPorts
 * as the {@code portMappings} capability and the pod's identity in {@code CNI_ARGS}. Everything
 * needed to tear the attachment down again is kept in the returned {@link PodNetworkAttachment}.
 */
public final class PodNetwork {

    private static final String POD_INTERFACE = "eth0";

    private final CniPlugins plugins;
    private final BridgeNetwork network;
    private final ObjectMapper json;

    public PodNetwork(CniPlugins plugins, BridgeNetwork network, ObjectMapper json) {
        this.plugins = plugins;
        this.network = network;
        this.json = json;
    }

    /** Attaches the sandbox's namespace; on failure nothing stays attached. */
    public PodNetworkAttachment attach(
            PodIdentity pod, String netnsPath, String podCidr, List<HostPortMapping> hostPorts) {
        if (podCidr == null || podCidr.isBlank()) {
            throw new CniException("the node has no pod CIDR to give sandbox " + pod.sandboxId() + " an address", 0);
        }
        NetworkConfigList loopback = BridgeNetwork.loopback(json);
        NetworkConfigList podNetwork = network.configFor(podCidr, json);
        Map<String, String> args = pod.cniArgs();
        CniPlugins.Attachment lo = new CniPlugins.Attachment(pod.sandboxId(), netnsPath, "lo", args, Map.of());
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("portMappings", List.copyOf(hostPorts));
        CniPlugins.Attachment eth0 =
                new CniPlugins.Attachment(pod.sandboxId(), netnsPath, POD_INTERFACE, args, capabilities);
        plugins.add(loopback, lo);
        CniResult result;
        try {
            result = plugins.add(podNetwork, eth0);
        } catch (RuntimeException e) {
            // Release whatever the failed chain took (an address, a veth) before reporting.
            try {
                plugins.delete(podNetwork, eth0, null);
                plugins.delete(loopback, lo, null);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return new PodNetworkAttachment(
                pod.sandboxId(), netnsPath, args, List.copyOf(hostPorts), podNetwork, loopback, result);
    }

    /** Detaches the sandbox; repeating it, or the namespace being gone already, is fine. */
    public void detach(PodNetworkAttachment attachment) {
        plugins.delete(attachment.network(), podAttachment(attachment), attachment.result());
        plugins.delete(
                attachment.loopback(),
                new CniPlugins.Attachment(
                        attachment.containerId(), attachment.netns(), "lo", attachment.cniArgs(), Map.of()),
                null);
    }

    /** Asks the plugins whether the attachment is still intact (CNI CHECK). */
    public void check(PodNetworkAttachment attachment) {
        plugins.check(attachment.network(), podAttachment(attachment), attachment.result());
    }

    private static CniPlugins.Attachment podAttachment(PodNetworkAttachment attachment) {
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("portMappings", attachment.hostPorts());
        return new CniPlugins.Attachment(
                attachment.containerId(), attachment.netns(), POD_INTERFACE, attachment.cniArgs(), capabilities);
    }

    /** The pod a sandbox belongs to, as CNI_ARGS tells plugins (the K8S_POD_* keys). */
    public record PodIdentity(String sandboxId, String namespace, String name, String uid) {

        Map<String, String> cniArgs() {
            Map<String, String> args = new LinkedHashMap<>();
            args.put("IgnoreUnknown", "1");
            args.put("K8S_POD_NAMESPACE", namespace);
            args.put("K8S_POD_NAME", name);
            args.put("K8S_POD_INFRA_CONTAINER_ID", sandboxId);
            args.put("K8S_POD_UID", uid);
            return args;
        }
    }
}
