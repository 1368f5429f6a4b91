package io.skiff.kubelet.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a CNI ADD returned (the spec's Success result): the interfaces it made, the addresses it
 * gave them and the routes. Kept whole, because it is handed back verbatim as {@code prevResult}
 * to the next plugin of a chain and to CHECK and DEL.
 */
public record CniResult(ObjectNode json) {

    public CniResult {
        json = json.deepCopy();
    }

    @JsonCreator
    public static CniResult of(ObjectNode json) {
        return new CniResult(json);
    }

    @Override
    @JsonValue
    public ObjectNode json() {
        return json.deepCopy();
    }

    public String cniVersion() {
        return json.path("cniVersion").asText("");
    }

    public List<Interface> interfaces() {
        List<Interface> interfaces = new ArrayList<>();
        for (JsonNode node : json.path("interfaces")) {
            interfaces.add(new Interface(
                    node.path("name").asText(""),
                    node.path("mac").asText(""),
                    node.path("sandbox").asText("")));
        }
        return interfaces;
    }

    public List<IpConfig> ips() {
        List<IpConfig> ips = new ArrayList<>();
        for (JsonNode node : json.path("ips")) {
            Integer index = node.hasNonNull("interface") ? node.get("interface").asInt() : null;
            ips.add(new IpConfig(
                    index, node.path("address").asText(""), node.path("gateway").asText("")));
        }
        return ips;
    }

    /**
     * The addresses given to interfaces inside the container's namespace (an interface with a
     * {@code sandbox}), without their prefix length: IPv4 before IPv6, as the pod's IPs are
     * reported with the primary first. Addresses not tied to an interface count as the
     * container's, as older plugins report them.
     */
    public List<String> sandboxAddresses() {
        List<Interface> interfaces = interfaces();
        return ips().stream()
                .filter(ip -> ip.interfaceIndex() == null
                        || (ip.interfaceIndex() >= 0
                                && ip.interfaceIndex() < interfaces.size()
                                && !interfaces
                                        .get(ip.interfaceIndex())
                                        .sandbox()
                                        .isEmpty()))
                .map(IpConfig::ip)
                .sorted(Comparator.comparing(ip -> ip.contains(":")))
                .toList();
    }

    /** @param sandbox the namespace path the interface is in; empty for the host's */
    public record Interface(String name, String mac, String sandbox) {}

    /** @param address in CIDR notation ("10.244.0.5/24") */
    public record IpConfig(Integer interfaceIndex, String address, String gateway) {

        public String ip() {
            int slash = address.indexOf('/');
            return slash < 0 ? address : address.substring(0, slash);
        }
    }
}
