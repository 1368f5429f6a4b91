package io.skiff.kubelet.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * The node's pod network: Debian's CNI {@code bridge} plugin on one Linux bridge, addresses from
 * {@code host-local} IPAM on the node's pod CIDR, then {@code portmap} for hostPorts. Pods get a
 * default route through the bridge's gateway address; the bridge lives in the node's network
 * namespace. {@code ipMasq} is off unless asked for, so pod traffic is never NATed out of the node
 * by default.
 *
 * @param networkName the CNI network's name (host-local keeps its leases under it)
 * @param bridgeName the Linux bridge ("skiff0")
 * @param ipMasq masquerade traffic leaving the pod range
 * @param ipamDataDir where host-local records its leases
 */
public record BridgeNetwork(String networkName, String bridgeName, boolean ipMasq, Path ipamDataDir) {

    public static final String CNI_VERSION = "1.0.0";

    /** The configuration list for pods whose addresses come from {@code podCidr}. */
    public NetworkConfigList configFor(String podCidr, ObjectMapper json) {
        ObjectNode list = json.createObjectNode();
        list.put("cniVersion", CNI_VERSION);
        list.put("name", networkName);
        ArrayNode plugins = list.putArray("plugins");

        ObjectNode bridge = plugins.addObject();
        bridge.put("type", "bridge");
        bridge.put("bridge", bridgeName);
        bridge.put("isGateway", true);
        bridge.put("ipMasq", ipMasq);
        // A pod reaching itself through a Service's address comes back in on its own port.
        bridge.put("hairpinMode", true);
        ObjectNode ipam = bridge.putObject("ipam");
        ipam.put("type", "host-local");
        ipam.putArray("ranges").addArray().addObject().put("subnet", podCidr);
        ipam.putArray("routes").addObject().put("dst", podCidr.contains(":") ? "::/0" : "0.0.0.0/0");
        ipam.put("dataDir", ipamDataDir.toString());

        ObjectNode portmap = plugins.addObject();
        portmap.put("type", "portmap");
        portmap.putObject("capabilities").put("portMappings", true);
        return new NetworkConfigList(list);
    }

    /** The loopback network every pod namespace gets first, so "lo" is up. */
    public static NetworkConfigList loopback(ObjectMapper json) {
        ObjectNode list = json.createObjectNode();
        list.put("cniVersion", CNI_VERSION);
        list.put("name", "cni-loopback");
        list.putArray("plugins").addObject().put("type", "loopback");
        return new NetworkConfigList(list);
    }
}
