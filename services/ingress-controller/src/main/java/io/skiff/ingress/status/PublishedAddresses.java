package io.skiff.ingress.status;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The load-balancer ingress points published for served Ingresses: the configured addresses, else
 * the node's ExternalIP addresses, else its InternalIP ones (what k3s's Traefik publishes).
 */
public final class PublishedAddresses {

    private PublishedAddresses() {}

    public static List<IngressLoadBalancerIngress> of(List<String> configured, Optional<Node> node) {
        List<String> addresses = new ArrayList<>(configured);
        if (addresses.isEmpty() && node.isPresent()) {
            addresses.addAll(nodeAddresses(node.get(), "ExternalIP"));
            if (addresses.isEmpty()) {
                addresses.addAll(nodeAddresses(node.get(), "InternalIP"));
            }
        }
        List<IngressLoadBalancerIngress> points = new ArrayList<>();
        for (String address : addresses.stream().distinct().sorted().toList()) {
            IngressLoadBalancerIngress point = new IngressLoadBalancerIngress();
            if (isIp(address)) {
                point.setIp(address);
            } else {
                point.setHostname(address);
            }
            points.add(point);
        }
        return points;
    }

    private static List<String> nodeAddresses(Node node, String type) {
        if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
            return List.of();
        }
        return node.getStatus().getAddresses().stream()
                .filter(address -> type.equals(address.getType()))
                .map(NodeAddress::getAddress)
                .toList();
    }

    static boolean isIp(String address) {
        return address.contains(":") || address.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }
}
