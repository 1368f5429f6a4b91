package io.skiff.ingress.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.skiff.ingress.routing.Backend.ServicePortRef;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** From an Ingress backend's Service port to the ready endpoints' addresses, as kube-proxy resolves them. */
class EndpointResolverTest {

    private static final Service WEB = new ServiceBuilder()
            .withNewMetadata()
            .withNamespace("ns")
            .withName("web")
            .endMetadata()
            .withNewSpec()
            .addNewPort()
            .withName("http")
            .withPort(80)
            .withProtocol("TCP")
            .endPort()
            .addNewPort()
            .withName("metrics")
            .withPort(9090)
            .withProtocol("TCP")
            .endPort()
            .endSpec()
            .build();

    private static EndpointSlice slice(Boolean... readiness) {
        EndpointSliceBuilder slice = new EndpointSliceBuilder()
                .withNewMetadata()
                .withNamespace("ns")
                .withName("web-1")
                .endMetadata()
                .withAddressType("IPv4")
                .addNewPort()
                .withName("http")
                .withPort(8080)
                .withProtocol("TCP")
                .endPort()
                .addNewPort()
                .withName("metrics")
                .withPort(9000)
                .withProtocol("TCP")
                .endPort();
        for (int i = 0; i < readiness.length; i++) {
            slice.addNewEndpoint()
                    .withAddresses("10.244.1." + (i + 1))
                    .withNewConditions()
                    .withReady(readiness[i])
                    .endConditions()
                    .endEndpoint();
        }
        return slice.build();
    }

    record Case(
            String name,
            Optional<Service> service,
            List<EndpointSlice> slices,
            ServicePortRef port,
            List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                        new Case(
                                "a port number goes to the slice port of the same name",
                                Optional.of(WEB),
                                List.of(slice(true)),
                                ServicePortRef.number(80),
                                List.of("10.244.1.1:8080")),
                        new Case(
                                "a port name likewise",
                                Optional.of(WEB),
                                List.of(slice(true)),
                                ServicePortRef.name("metrics"),
                                List.of("10.244.1.1:9000")),
                        new Case(
                                "only ready endpoints; a nil ready condition counts as ready",
                                Optional.of(WEB),
                                List.of(slice(true, false, null)),
                                ServicePortRef.number(80),
                                List.of("10.244.1.1:8080", "10.244.1.3:8080")),
                        new Case(
                                "no such Service",
                                Optional.empty(),
                                List.of(slice(true)),
                                ServicePortRef.number(80),
                                List.of()),
                        new Case(
                                "no such Service port",
                                Optional.of(WEB),
                                List.of(slice(true)),
                                ServicePortRef.number(81),
                                List.of()),
                        new Case(
                                "no ready endpoint",
                                Optional.of(WEB),
                                List.of(slice(false)),
                                ServicePortRef.number(80),
                                List.of()))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolves(Case test) {
        Upstreams upstreams = EndpointResolver.resolve(test.service(), test.slices(), test.port());
        assertThat(upstreams.endpoints().stream()
                        .map(address -> address.getAddress().getHostAddress() + ":" + address.getPort())
                        .toList())
                .isEqualTo(test.expected());
        assertThat(upstreams.unavailableReason().isPresent())
                .isEqualTo(test.expected().isEmpty());
    }

    @org.junit.jupiter.api.Test
    void endpointsAreTakenInTurn() {
        Upstreams upstreams =
                EndpointResolver.resolve(Optional.of(WEB), List.of(slice(true, true)), ServicePortRef.number(80));
        List<String> turns = Stream.generate(() ->
                        upstreams.next().map(InetSocketAddress::getHostString).orElseThrow())
                .limit(4)
                .toList();
        assertThat(turns).containsExactly("10.244.1.1", "10.244.1.2", "10.244.1.1", "10.244.1.2");
    }
}
