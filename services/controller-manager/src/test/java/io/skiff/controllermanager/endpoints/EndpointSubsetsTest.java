package io.skiff.controllermanager.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointSubsetsTest {

    @Test
    void addressesServingTheSamePortsShareOneSubset() {
        List<EndpointSubset> repacked = EndpointSubsets.repack(List.of(
                subset(List.of(address("10.0.0.2")), List.of(), port("http", 80)),
                subset(List.of(address("10.0.0.1")), List.of(), port("http", 80)),
                subset(List.of(address("10.0.0.1")), List.of(), port("https", 443)),
                subset(List.of(address("10.0.0.2")), List.of(), port("https", 443))));

        assertThat(repacked).hasSize(1);
        assertThat(repacked.get(0).getAddresses())
                .extracting(EndpointAddress::getIp)
                .containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(repacked.get(0).getPorts()).extracting(EndpointPort::getName).containsExactly("http", "https");
    }

    @Test
    void addressesOnDifferentPortsGetSubsetsOfTheirOwn() {
        List<EndpointSubset> repacked = EndpointSubsets.repack(List.of(
                subset(List.of(address("10.0.0.1")), List.of(), port("http", 80)),
                subset(List.of(address("10.0.0.2")), List.of(), port("http", 8080))));

        assertThat(repacked).hasSize(2);
    }

    @Test
    void notReadyOnAPortWinsOverReady() {
        List<EndpointSubset> repacked = EndpointSubsets.repack(List.of(
                subset(List.of(address("10.0.0.1")), List.of(), port("http", 80)),
                subset(List.of(), List.of(address("10.0.0.1")), port("http", 80))));

        assertThat(repacked.get(0).getAddresses()).isNull();
        assertThat(repacked.get(0).getNotReadyAddresses())
                .extracting(EndpointAddress::getIp)
                .containsExactly("10.0.0.1");
    }

    @Test
    void equalSubsetsIgnoreThePodsResourceVersions() {
        EndpointAddress older = address("10.0.0.1");
        older.getTargetRef().setResourceVersion("5");
        EndpointAddress newer = address("10.0.0.1");
        newer.getTargetRef().setResourceVersion("9");

        assertThat(EndpointSubsets.sameIgnoringResourceVersion(
                        List.of(subset(List.of(older), List.of(), port("http", 80))),
                        List.of(subset(List.of(newer), null, port("http", 80)))))
                .isTrue();
        assertThat(EndpointSubsets.sameIgnoringResourceVersion(
                        List.of(subset(List.of(older), List.of(), port("http", 80))),
                        List.of(subset(List.of(), List.of(newer), port("http", 80)))))
                .isFalse();
    }

    @Test
    void truncationKeepsAllReadyAndFillsUpWithNotReady() {
        List<EndpointAddress> ready = new ArrayList<>();
        List<EndpointAddress> notReady = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            ready.add(address("10.0." + (i / 200) + "." + (i % 200)));
            notReady.add(address("10.1." + (i / 200) + "." + (i % 200)));
        }
        List<EndpointSubset> subsets = new ArrayList<>(List.of(subset(ready, notReady, port("http", 80))));

        assertThat(EndpointSubsets.truncate(subsets)).isTrue();

        assertThat(subsets.get(0).getAddresses()).hasSize(600);
        assertThat(subsets.get(0).getNotReadyAddresses()).hasSize(400);
        assertThat(EndpointSubsets.truncate(subsets)).isFalse();
    }

    private static EndpointSubset subset(
            List<EndpointAddress> ready, List<EndpointAddress> notReady, EndpointPort port) {
        return new EndpointSubsetBuilder()
                .withAddresses(ready)
                .withNotReadyAddresses(notReady)
                .withPorts(port)
                .build();
    }

    private static EndpointAddress address(String ip) {
        return new EndpointAddressBuilder()
                .withIp(ip)
                .withNewTargetRef()
                .withKind("Pod")
                .withNamespace("default")
                .withName("pod-" + ip)
                .withUid("uid-" + ip)
                .endTargetRef()
                .build();
    }

    private static EndpointPort port(String name, int number) {
        return new EndpointPortBuilder()
                .withName(name)
                .withPort(number)
                .withProtocol("TCP")
                .build();
    }
}
