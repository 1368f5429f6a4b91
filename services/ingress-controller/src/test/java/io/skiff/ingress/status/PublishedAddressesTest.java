package io.skiff.ingress.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublishedAddressesTest {

    private static Node node(NodeAddress... addresses) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName("node-1")
                .endMetadata()
                .withNewStatus()
                .withAddresses(addresses)
                .endStatus()
                .build();
    }

    private static List<String> texts(List<IngressLoadBalancerIngress> points) {
        return points.stream()
                .map(point -> point.getIp() != null ? "ip:" + point.getIp() : "hostname:" + point.getHostname())
                .toList();
    }

    @Test
    void theNodesExternalAddressesComeFirst() {
        Node node = node(
                new NodeAddress("10.0.0.7", "InternalIP"),
                new NodeAddress("203.0.113.9", "ExternalIP"),
                new NodeAddress("node-1", "Hostname"));
        assertThat(texts(PublishedAddresses.of(List.of(), Optional.of(node)))).containsExactly("ip:203.0.113.9");
    }

    @Test
    void withoutExternalAddressesTheInternalOnesArePublished() {
        Node node = node(new NodeAddress("10.0.0.7", "InternalIP"), new NodeAddress("node-1", "Hostname"));
        assertThat(texts(PublishedAddresses.of(List.of(), Optional.of(node)))).containsExactly("ip:10.0.0.7");
    }

    @Test
    void configuredAddressesReplaceTheNodesAndMayBeHostNames() {
        Node node = node(new NodeAddress("10.0.0.7", "InternalIP"));
        assertThat(texts(PublishedAddresses.of(List.of("lb.example.com", "192.0.2.1"), Optional.of(node))))
                .containsExactly("ip:192.0.2.1", "hostname:lb.example.com");
    }

    @Test
    void noNodeAndNothingConfiguredPublishesNothing() {
        assertThat(PublishedAddresses.of(List.of(), Optional.empty())).isEmpty();
    }
}
