package io.skiff.controllermanager.servicelb;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.skiff.controllermanager.nodes.NodeConditions;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The ingress points a LoadBalancer Service gets, as k3s's ServiceLB publishes them: the address of
 * every Ready, schedulable node, its ExternalIP when it has one, else its InternalIP, sorted, each
 * with ipMode VIP (traffic to it is handled by the proxy on the node as for the Service's own IP).
 */
final class LoadBalancerAddresses {

    private LoadBalancerAddresses() {}

    static List<LoadBalancerIngress> of(Collection<Node> nodes) {
        TreeSet<String> addresses = new TreeSet<>();
        for (Node node : nodes) {
            if (eligible(node)) {
                address(node).ifPresent(addresses::add);
            }
        }
        return addresses.stream()
                .map(ip -> new LoadBalancerIngressBuilder()
                        .withIp(ip)
                        .withIpMode("VIP")
                        .build())
                .toList();
    }

    static boolean eligible(Node node) {
        boolean unschedulable =
                node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        boolean deleting = node.getMetadata().getDeletionTimestamp() != null;
        return NodeConditions.isReady(node) && !unschedulable && !deleting;
    }

    static Optional<String> address(Node node) {
        List<NodeAddress> addresses =
                node.getStatus() == null || node.getStatus().getAddresses() == null
                        ? List.of()
                        : node.getStatus().getAddresses();
        Optional<String> external = first(addresses, "ExternalIP");
        return external.isPresent() ? external : first(addresses, "InternalIP");
    }

    private static Optional<String> first(List<NodeAddress> addresses, String type) {
        return addresses.stream()
                .filter(a -> type.equals(a.getType())
                        && a.getAddress() != null
                        && !a.getAddress().isEmpty())
                .map(NodeAddress::getAddress)
                .findFirst();
    }
}
