package io.skiff.controllermanager.servicelb;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.testing.RecordingEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

class ServiceLbSyncTest {

    /** One case: the cluster, the Service, what the sync should write and which events it records. */
    record Case(String name, List<Node> nodes, Service service, List<String> wantWritten, List<String> wantEvents) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        Node ready = node("a", true, false, "InternalIP", "192.0.2.10");
        Node readyWithExternal = node("b", true, false, "InternalIP", "192.0.2.11", "ExternalIP", "198.51.100.11");
        Node notReady = node("c", false, false, "InternalIP", "192.0.2.12");
        Node cordoned = node("d", true, true, "InternalIP", "192.0.2.13");
        List<String> ensured = List.of(
                "NORMAL EnsuringLoadBalancer: Ensuring load balancer",
                "NORMAL EnsuredLoadBalancer: Ensured load balancer");
        return Stream.of(
                        new Case(
                                "a new LoadBalancer Service gets the InternalIP of a Ready node",
                                List.of(ready),
                                service("LoadBalancer", null),
                                List.of("192.0.2.10/VIP"),
                                ensured),
                        new Case(
                                "an ExternalIP wins over the InternalIP, and addresses are sorted",
                                List.of(ready, readyWithExternal),
                                service("LoadBalancer", null),
                                List.of("192.0.2.10/VIP", "198.51.100.11/VIP"),
                                ensured),
                        new Case(
                                "not-ready and unschedulable nodes are left out",
                                List.of(ready, notReady, cordoned),
                                service("LoadBalancer", null),
                                List.of("192.0.2.10/VIP"),
                                ensured),
                        new Case(
                                "a Service already showing the right addresses is left alone",
                                List.of(ready),
                                service("LoadBalancer", null, "192.0.2.10"),
                                List.of(),
                                List.of()),
                        new Case(
                                "an address of a node that left is removed",
                                List.of(ready),
                                service("LoadBalancer", null, "192.0.2.10", "192.0.2.99"),
                                List.of("192.0.2.10/VIP"),
                                ensured),
                        new Case(
                                "no eligible node: a warning, and no addresses",
                                List.of(notReady),
                                service("LoadBalancer", null),
                                List.of(),
                                List.of(
                                        "WARNING UnAvailableLoadBalancer: There are no available nodes for LoadBalancer")),
                        new Case(
                                "a Service with a loadBalancerClass belongs to another controller",
                                List.of(ready),
                                service("LoadBalancer", "example.com/lb"),
                                List.of(),
                                List.of()),
                        new Case(
                                "a ClusterIP Service gets nothing",
                                List.of(ready),
                                service("ClusterIP", null),
                                List.of(),
                                List.of()),
                        new Case(
                                "a Service whose type changed away loses its addresses",
                                List.of(ready),
                                service("NodePort", null, "192.0.2.10"),
                                List.of("<none>"),
                                List.of(
                                        "NORMAL DeletingLoadBalancer: Deleting load balancer",
                                        "NORMAL DeletedLoadBalancer: Deleted load balancer")))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sync(Case c) {
        CacheIndexer<Node> nodes = new CacheIndexer<>();
        c.nodes().forEach(nodes::put);
        CacheIndexer<Service> services = new CacheIndexer<>();
        services.put(c.service());
        List<String> written = new ArrayList<>();
        RecordingEvents events = new RecordingEvents();
        ServiceLbSync sync = new ServiceLbSync(
                new Lister<>(services),
                new Lister<>(nodes),
                service -> {
                    List<LoadBalancerIngress> ingress =
                            service.getStatus().getLoadBalancer().getIngress();
                    if (ingress == null || ingress.isEmpty()) {
                        written.add("<none>");
                    } else {
                        ingress.forEach(i -> written.add(i.getIp() + "/" + i.getIpMode()));
                    }
                    return Mono.just(service);
                },
                events,
                Duration.ofSeconds(5));

        sync.sync("default/web");

        assertThat(written).as("written ingress").isEqualTo(c.wantWritten());
        assertThat(events.events).as("events").isEqualTo(c.wantEvents());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nodeChanges")
    void nodeUpdatesThatMoveAnAddressRequeue(String name, Node before, Node after, boolean requeues) {
        assertThat(ServiceLbController.addressChanged(before, after)).isEqualTo(requeues);
    }

    static Stream<Arguments> nodeChanges() {
        Node ready = node("a", true, false, "InternalIP", "192.0.2.10");
        return Stream.of(
                Arguments.of(
                        "a heartbeat changes nothing",
                        ready,
                        node("a", true, false, "InternalIP", "192.0.2.10"),
                        false),
                Arguments.of("becoming not ready", ready, node("a", false, false, "InternalIP", "192.0.2.10"), true),
                Arguments.of("being cordoned", ready, node("a", true, true, "InternalIP", "192.0.2.10"), true),
                Arguments.of(
                        "gaining an ExternalIP",
                        ready,
                        node("a", true, false, "InternalIP", "192.0.2.10", "ExternalIP", "198.51.100.1"),
                        true));
    }

    private static Node node(String name, boolean ready, boolean unschedulable, String... typeAndAddress) {
        NodeBuilder node = new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withUnschedulable(unschedulable ? true : null)
                .endSpec()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .endStatus();
        for (int i = 0; i < typeAndAddress.length; i += 2) {
            node.editStatus()
                    .addNewAddress()
                    .withType(typeAndAddress[i])
                    .withAddress(typeAndAddress[i + 1])
                    .endAddress()
                    .endStatus();
        }
        return node.build();
    }

    private static Service service(String type, String loadBalancerClass, String... ingress) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("web")
                .withResourceVersion("7")
                .endMetadata()
                .withNewSpec()
                .withType(type)
                .withLoadBalancerClass(loadBalancerClass)
                .endSpec()
                .withNewStatus()
                .withNewLoadBalancer()
                .withIngress(Arrays.stream(ingress)
                        .map(ip -> new LoadBalancerIngressBuilder()
                                .withIp(ip)
                                .withIpMode("VIP")
                                .build())
                        .toList())
                .endLoadBalancer()
                .endStatus()
                .build();
    }
}
