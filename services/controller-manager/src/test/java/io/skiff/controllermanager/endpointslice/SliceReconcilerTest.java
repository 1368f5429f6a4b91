package io.skiff.controllermanager.endpointslice;

import static io.skiff.controllermanager.testing.PodMaker.pod;
import static io.skiff.controllermanager.testing.ServiceMaker.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class SliceReconcilerTest {

    private static final Service WEB =
            service("web").port("http", "http").labels(Map.of("tier", "front")).build();

    private final CacheIndexer<io.fabric8.kubernetes.api.model.Node> nodes = new CacheIndexer<>();
    private final List<EndpointSlice> created = new ArrayList<>();
    private final List<EndpointSlice> updated = new ArrayList<>();
    private final List<String> deleted = new ArrayList<>();
    private final EndpointSliceTracker tracker = new EndpointSliceTracker();
    private int names;

    private SliceReconciler reconciler(int maxPerSlice) {
        return new SliceReconciler(
                new Lister<>(nodes),
                new EndpointSliceWriter() {
                    @Override
                    public Mono<EndpointSlice> create(EndpointSlice slice) {
                        EndpointSlice stored = new EndpointSliceBuilder(slice).build();
                        stored.getMetadata().setName("web-" + (++names));
                        stored.getMetadata().setUid("uid-slice-" + names);
                        stored.getMetadata().setGeneration(1L);
                        created.add(stored);
                        return Mono.just(stored);
                    }

                    @Override
                    public Mono<EndpointSlice> update(EndpointSlice slice) {
                        updated.add(slice);
                        return Mono.just(slice);
                    }

                    @Override
                    public Mono<Void> delete(String namespace, String name) {
                        deleted.add(name);
                        return Mono.empty();
                    }
                },
                tracker,
                maxPerSlice,
                Duration.ofSeconds(5));
    }

    private Pod readyPod(String name, String ip) {
        return pod(name)
                .ip(ip)
                .node("n1")
                .containerPort("http", 8080)
                .readySecondsAgo(5)
                .build();
    }

    @Test
    void newEndpointsGoIntoNewSlicesOfAtMostTheLimit() {
        nodes.put(new NodeBuilder()
                .withNewMetadata()
                .withName("n1")
                .withLabels(Map.of("topology.kubernetes.io/zone", "z1"))
                .endMetadata()
                .build());
        List<Pod> pods = IntStream.range(0, 5)
                .mapToObj(i -> readyPod("p" + i, "10.0.0." + i))
                .toList();

        reconciler(3).reconcile(WEB, pods, List.of(), Optional.of(Instant.parse("2026-01-01T12:00:00Z")));

        assertThat(created).hasSize(2);
        assertThat(created).extracting(SliceEndpoints::sizeOf).containsExactlyInAnyOrder(3, 2);
        EndpointSlice slice = created.get(0);
        assertThat(slice.getMetadata().getGenerateName()).isEqualTo("web-");
        assertThat(slice.getMetadata().getLabels())
                .containsEntry("kubernetes.io/service-name", "web")
                .containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io")
                .containsEntry("tier", "front")
                .doesNotContainKey("service.kubernetes.io/headless");
        assertThat(slice.getMetadata().getAnnotations())
                .containsEntry("endpoints.kubernetes.io/last-change-trigger-time", "2026-01-01T12:00:00Z");
        assertThat(slice.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("uid-svc-web");
        assertThat(slice.getAddressType()).isEqualTo("IPv4");
        assertThat(slice.getPorts().get(0).getPort()).isEqualTo(8080);
        Endpoint endpoint = slice.getEndpoints().get(0);
        assertThat(endpoint.getConditions().getReady()).isTrue();
        assertThat(endpoint.getConditions().getServing()).isTrue();
        assertThat(endpoint.getConditions().getTerminating()).isFalse();
        assertThat(endpoint.getZone()).isEqualTo("z1");
        assertThat(endpoint.getNodeName()).isEqualTo("n1");
        assertThat(endpoint.getTargetRef().getKind()).isEqualTo("Pod");
    }

    @Test
    void aChangedEndpointIsUpdatedInPlace() {
        nodes.put(node("n1"));
        reconciler(100)
                .reconcile(
                        WEB,
                        List.of(readyPod("a", "10.0.0.1"), readyPod("b", "10.0.0.2")),
                        List.of(),
                        Optional.empty());
        EndpointSlice existing = created.get(0);
        Pod terminating = pod("b").ip("10.0.0.2")
                .node("n1")
                .containerPort("http", 8080)
                .readySecondsAgo(5)
                .terminating()
                .build();

        reconciler(100)
                .reconcile(WEB, List.of(readyPod("a", "10.0.0.1"), terminating), List.of(existing), Optional.empty());

        assertThat(created).hasSize(1);
        assertThat(deleted).isEmpty();
        assertThat(updated).singleElement().satisfies(slice -> {
            assertThat(slice.getMetadata().getName())
                    .isEqualTo(existing.getMetadata().getName());
            Endpoint b = slice.getEndpoints().stream()
                    .filter(e -> e.getTargetRef().getName().equals("b"))
                    .findFirst()
                    .orElseThrow();
            assertThat(b.getConditions().getReady()).isFalse();
            assertThat(b.getConditions().getServing()).isTrue();
            assertThat(b.getConditions().getTerminating()).isTrue();
        });
    }

    @Test
    void aSliceThatIsAlreadyRightIsNotWritten() {
        nodes.put(node("n1"));
        List<Pod> pods = List.of(readyPod("a", "10.0.0.1"));
        reconciler(100).reconcile(WEB, pods, List.of(), Optional.empty());

        reconciler(100).reconcile(WEB, pods, List.of(created.get(0)), Optional.empty());

        assertThat(created).hasSize(1);
        assertThat(updated).isEmpty();
        assertThat(deleted).isEmpty();
    }

    @Test
    void aServiceWithoutEndpointsKeepsOnePlaceholder() {
        reconciler(100).reconcile(WEB, List.of(), List.of(), Optional.empty());
        assertThat(created).singleElement().satisfies(slice -> {
            assertThat(slice.getEndpoints()).isEmpty();
            assertThat(slice.getPorts()).isEmpty();
        });

        reconciler(100).reconcile(WEB, List.of(), List.of(created.get(0)), Optional.empty());

        assertThat(created).hasSize(1);
        assertThat(deleted).isEmpty();
    }

    @Test
    void anEmptiedSliceIsReusedRatherThanDeletedAndRecreated() {
        nodes.put(node("n1"));
        reconciler(100).reconcile(WEB, List.of(readyPod("a", "10.0.0.1")), List.of(), Optional.empty());
        EndpointSlice existing = created.get(0);

        reconciler(100).reconcile(WEB, List.of(), List.of(existing), Optional.empty());

        assertThat(deleted).isEmpty();
        assertThat(updated).singleElement().satisfies(slice -> {
            assertThat(slice.getMetadata().getName())
                    .isEqualTo(existing.getMetadata().getName());
            assertThat(slice.getEndpoints()).isEmpty();
        });
    }

    @Test
    void podsOnUnknownNodesAreSkippedAndReportedWhileTheOthersArePublished() {
        nodes.put(node("n1"));
        Pod lost = pod("lost")
                .ip("10.0.0.9")
                .node("gone")
                .containerPort("http", 8080)
                .readySecondsAgo(5)
                .build();

        assertThatThrownBy(() -> reconciler(100)
                        .reconcile(WEB, List.of(readyPod("a", "10.0.0.1"), lost), List.of(), Optional.empty()))
                .hasMessage("skipping Pod lost for Service default/web: Node gone Not Found");
        assertThat(created)
                .singleElement()
                .satisfies(slice -> assertThat(slice.getEndpoints()).hasSize(1));
    }

    @Test
    void theTrackerSeesTheCacheLagBehindACreatedSlice() {
        nodes.put(node("n1"));
        reconciler(100).reconcile(WEB, List.of(readyPod("a", "10.0.0.1")), List.of(), Optional.empty());

        assertThat(tracker.staleSlices(WEB, List.of())).isTrue();
        assertThat(tracker.staleSlices(WEB, List.of(created.get(0)))).isFalse();
        assertThat(tracker.shouldSync(created.get(0)))
                .as("its own write coming back")
                .isFalse();
    }

    private static io.fabric8.kubernetes.api.model.Node node(String name) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata().build();
    }
}
