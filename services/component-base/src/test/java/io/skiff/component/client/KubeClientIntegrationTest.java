package io.skiff.component.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.component.resilience.Conflicts;
import io.skiff.model.api.ApiException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The client against a real API server: reads, writes, patches, subresources and failover. */
class KubeClientIntegrationTest {

    private static final String NS = "client-it";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static ApiServerInstance server;
    private static KubeClient client;
    private static ResourceClient<ConfigMap> configMaps;

    @BeforeAll
    static void start() {
        server = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        client = KubeClient.create(ApiClientProperties.defaults().withUrls(server.baseUrl()));
        configMaps = client.resources(ConfigMap.class);
        client.namespaces()
                .create(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .endMetadata()
                        .build())
                .block(WAIT);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static ConfigMap configMap(String name, Map<String, String> data) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .withData(data)
                .build();
    }

    private static Pod pod(String name) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("busybox:1.36")
                .endContainer()
                .addNewContainer()
                .withName("sidecar")
                .withImage("busybox:1.36")
                .endContainer()
                .endSpec()
                .build();
    }

    private static <T> T block(Mono<T> mono) {
        return mono.block(WAIT);
    }

    private static ApiException failureOf(Mono<?> mono) {
        try {
            mono.block(WAIT);
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("expected an ApiException");
    }

    @Test
    void configMapsAreCreatedReadUpdatedAndDeleted() {
        ConfigMap created = block(configMaps.create(configMap("crud", Map.of("k", "v1"))));
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getResourceVersion()).isNotBlank();

        ConfigMap read = block(configMaps.get(NS, "crud"));
        assertThat(read.getData()).containsEntry("k", "v1");

        read.getData().put("k", "v2");
        ConfigMap updated = block(configMaps.update(read));
        assertThat(updated.getData()).containsEntry("k", "v2");
        assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));

        block(configMaps.delete(NS, "crud"));
        assertThat(block(configMaps.find(NS, "crud"))).isNull();
        ApiException notFound = failureOf(configMaps.get(NS, "crud"));
        assertThat(notFound.code()).isEqualTo(404);
        assertThat(ApiErrors.isNotFound(notFound)).isTrue();
        assertThat(ApiErrors.isNotFound(failureOf(configMaps.delete(NS, "crud"))))
                .isTrue();
    }

    @Test
    void deleteCollectionRemovesWhatTheSelectorMatches() {
        ConfigMap doomed = configMap("doomed", Map.of());
        doomed.getMetadata().setLabels(Map.of("sweep", "yes"));
        block(configMaps.create(doomed));
        block(configMaps.create(configMap("kept", Map.of())));

        block(configMaps.deleteCollection(
                NS,
                ListOptions.all().withLabelSelector("sweep=yes"),
                new DeleteOptionsBuilder().withPropagationPolicy("Background").build()));

        assertThat(block(configMaps.find(NS, "doomed"))).isNull();
        assertThat(block(configMaps.find(NS, "kept"))).isNotNull();
    }

    @Test
    void aTerminatingNamespaceGoesWhenItsFinalizersAreRemovedThroughFinalize() {
        block(client.namespaces()
                .create(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("client-finalize")
                        .endMetadata()
                        .build()));
        block(client.namespaces().delete(null, "client-finalize"));
        Namespace terminating = block(client.namespaces().get(null, "client-finalize"));
        assertThat(terminating.getSpec().getFinalizers()).containsExactly("kubernetes");

        terminating.getSpec().setFinalizers(List.of());
        block(client.namespaces().updateSubresource(terminating, "finalize"));

        assertThat(block(client.namespaces().find(null, "client-finalize"))).isNull();
    }

    @Test
    void discoveryListsEachGroupsPreferredResources() {
        DiscoveryClient.PreferredResources served = block(client.discovery().preferredResources());

        assertThat(served.complete()).as(served.failed().toString()).isTrue();
        assertThat(served.resources())
                .extracting(APIResourceList::getGroupVersion)
                .contains("v1", "apps/v1", "discovery.k8s.io/v1")
                .doesNotHaveDuplicates();
        APIResourceList core = served.resources().stream()
                .filter(list -> list.getGroupVersion().equals("v1"))
                .findFirst()
                .orElseThrow();
        assertThat(core.getResources())
                .filteredOn(resource -> resource.getName().equals("pods"))
                .singleElement()
                .satisfies(pods -> {
                    assertThat(pods.getNamespaced()).isTrue();
                    assertThat(pods.getVerbs()).contains("delete", "deletecollection", "list");
                });
        assertThat(core.getResources()).extracting(APIResource::getName).contains("namespaces/finalize");
    }

    @Test
    void creatingAnExistingNameIsAlreadyExists() {
        block(configMaps.create(configMap("twice", Map.of())));
        ApiException error = failureOf(configMaps.create(configMap("twice", Map.of())));
        assertThat(ApiErrors.isAlreadyExists(error)).isTrue();
        assertThat(ApiErrors.isConflict(error)).isFalse();
    }

    @Test
    void anUpdateWithAStaleResourceVersionIsAConflict() {
        ConfigMap original = block(configMaps.create(configMap("stale", Map.of("k", "1"))));
        ConfigMap first = new ConfigMapBuilder(original).addToData("k", "2").build();
        block(configMaps.update(first));

        ConfigMap stale = new ConfigMapBuilder(original).addToData("k", "3").build();
        ApiException error = failureOf(configMaps.update(stale));
        assertThat(error.code()).isEqualTo(409);
        assertThat(error.reason()).isEqualTo("Conflict");
        assertThat(block(configMaps.get(NS, "stale")).getData()).containsEntry("k", "2");
    }

    @Test
    void concurrentReadModifyWritesAllLandWithRetryOnConflict() {
        block(configMaps.create(configMap("counter", Map.of("count", "0"))));
        int writers = 6;
        Flux.range(0, writers)
                .flatMap(i -> Conflicts.retryOnConflict(
                        new Conflicts.Backoff(20, Duration.ofMillis(5), 1.5, 0.5),
                        () -> configMaps.get(NS, "counter").flatMap(current -> {
                            int count = Integer.parseInt(current.getData().get("count"));
                            current.getData().put("count", Integer.toString(count + 1));
                            return configMaps.update(current);
                        })))
                .blockLast(WAIT);
        assertThat(block(configMaps.get(NS, "counter")).getData()).containsEntry("count", Integer.toString(writers));
    }

    @Test
    void listAllFollowsContinueTokensOverOneSnapshot() {
        Map<String, String> labels = Map.of("set", "paged");
        for (int i = 0; i < 5; i++) {
            ConfigMap cm = configMap("page-" + i, Map.of("i", Integer.toString(i)));
            cm.getMetadata().setLabels(labels);
            block(configMaps.create(cm));
        }
        ListOptions twoPerPage =
                ListOptions.all().withLabelSelector("set=paged").withLimit(2);

        ObjectList<ConfigMap> firstPage = block(configMaps.list(NS, twoPerPage));
        assertThat(firstPage.items()).hasSize(2);
        assertThat(firstPage.hasMore()).isTrue();

        ObjectList<ConfigMap> all = block(configMaps.listAll(NS, twoPerPage));
        assertThat(all.items())
                .extracting(cm -> cm.getMetadata().getName())
                .containsExactly("page-0", "page-1", "page-2", "page-3", "page-4");
        assertThat(all.hasMore()).isFalse();
        assertThat(all.resourceVersion()).isNotBlank();

        ObjectList<ConfigMap> everything =
                block(configMaps.list(null, ListOptions.all().withLabelSelector("set=paged")));
        assertThat(everything.items()).hasSize(5);
    }

    @Test
    void allFourPatchKindsApply() {
        block(configMaps.create(configMap("patched", Map.of("a", "1"))));

        ConfigMap json = block(
                configMaps.patch(NS, "patched", Patch.json("[{\"op\":\"add\",\"path\":\"/data/b\",\"value\":\"2\"}]")));
        assertThat(json.getData()).containsEntry("a", "1").containsEntry("b", "2");

        ConfigMap merge = block(configMaps.patch(
                NS, "patched", Patch.merge(Map.of("metadata", Map.of("labels", Map.of("tier", "web"))))));
        assertThat(merge.getMetadata().getLabels()).containsEntry("tier", "web");

        ConfigMap applied = block(configMaps.patch(
                NS,
                "patched",
                Patch.apply(
                        Map.of(
                                "apiVersion",
                                "v1",
                                "kind",
                                "ConfigMap",
                                "metadata",
                                Map.of("name", "patched", "namespace", NS),
                                "data",
                                Map.of("c", "3")),
                        "client-it",
                        true)));
        assertThat(applied.getData()).containsEntry("c", "3");
        assertThat(applied.getMetadata().getManagedFields())
                .extracting(ManagedFieldsEntry::getManager, ManagedFieldsEntry::getOperation)
                .contains(org.assertj.core.groups.Tuple.tuple("client-it", "Apply"));

        block(client.pods().create(pod("strategic")));
        Pod strategic = block(client.pods()
                .patch(
                        NS,
                        "strategic",
                        Patch.strategicMerge(Map.of(
                                "spec",
                                Map.of("containers", List.of(Map.of("name", "sidecar", "image", "busybox:1.37")))))));
        assertThat(strategic.getSpec().getContainers())
                .extracting(c -> c.getName() + "=" + c.getImage())
                .containsExactly("app=busybox:1.36", "sidecar=busybox:1.37");
    }

    @Test
    void aPodIsBoundToANodeThroughTheBindingSubresource() {
        block(client.pods().create(pod("to-bind")));
        block(client.pods()
                .bind(new BindingBuilder()
                        .withNewMetadata()
                        .withName("to-bind")
                        .withNamespace(NS)
                        .endMetadata()
                        .withNewTarget()
                        .withKind("Node")
                        .withName("node-1")
                        .endTarget()
                        .build()));
        Pod bound = block(client.pods().get(NS, "to-bind"));
        assertThat(bound.getSpec().getNodeName()).isEqualTo("node-1");
        assertThat(bound.getStatus().getConditions())
                .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("PodScheduled=True"));

        ApiException again = failureOf(client.pods()
                .bind(new BindingBuilder()
                        .withNewMetadata()
                        .withName("to-bind")
                        .withNamespace(NS)
                        .endMetadata()
                        .withNewTarget()
                        .withKind("Node")
                        .withName("node-2")
                        .endTarget()
                        .build()));
        assertThat(again.code()).isEqualTo(409);
    }

    @Test
    void statusIsUpdatedThroughItsSubresourceOnly() {
        Pod created = block(client.pods().create(pod("with-status")));
        created.getStatus().setMessage("seen by the kubelet");
        created.getSpec().setNodeName("ignored-by-status");
        Pod updated = block(client.pods().updateStatus(created));
        assertThat(updated.getStatus().getMessage()).isEqualTo("seen by the kubelet");
        assertThat(updated.getSpec().getNodeName()).isNull();
    }

    @Test
    void deleteHonoursPreconditionsAndOptions() {
        Pod created = block(client.pods().create(pod("precondition")));
        ApiException wrongUid = failureOf(client.pods()
                .delete(
                        NS,
                        "precondition",
                        new DeleteOptionsBuilder()
                                .withNewPreconditions()
                                .withUid("not-" + created.getMetadata().getUid())
                                .endPreconditions()
                                .build()));
        assertThat(wrongUid.code()).isEqualTo(409);

        block(client.pods()
                .delete(
                        NS,
                        "precondition",
                        new DeleteOptionsBuilder()
                                .withGracePeriodSeconds(0L)
                                .withPropagationPolicy("Foreground")
                                .withNewPreconditions()
                                .withUid(created.getMetadata().getUid())
                                .withResourceVersion(created.getMetadata().getResourceVersion())
                                .endPreconditions()
                                .build()));
        Pod after = block(client.pods().find(NS, "precondition"));
        assertThat(after == null || after.getMetadata().getDeletionTimestamp() != null)
                .as("deleted, or deleting while the foreground finalizer runs")
                .isTrue();
    }

    @Test
    void anUnguardedPodIsEvicted() {
        block(client.pods().create(pod("evicted")));
        block(client.pods()
                .evict(new EvictionBuilder()
                        .withNewMetadata()
                        .withName("evicted")
                        .withNamespace(NS)
                        .endMetadata()
                        .build()));
        assertThat(block(client.pods().find(NS, "evicted"))).isNull();
    }

    @Test
    void clusterScopedTypesTakeNoNamespace() {
        Node node = block(client.nodes()
                .create(new NodeBuilder()
                        .withNewMetadata()
                        .withName("node-x")
                        .endMetadata()
                        .build()));
        assertThat(node.getMetadata().getNamespace()).isNull();
        assertThat(block(client.nodes().get(null, "node-x")).getMetadata().getUid())
                .isEqualTo(node.getMetadata().getUid());
        assertThatThrownBy(() -> client.nodes().get(NS, "node-x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> configMaps.get(null, "x")).isInstanceOf(IllegalArgumentException.class);
        block(client.nodes().delete(null, "node-x"));
        assertThat(block(client.nodes().find(null, "node-x"))).isNull();
    }

    @Test
    void genericResourcesCarryTheirTypeEvenInLists() {
        block(configMaps.create(configMap("generic", Map.of("k", "v"))));
        ResourceClient<GenericKubernetesResource> generic = client.resources("v1", "ConfigMap");
        GenericKubernetesResource one = block(generic.get(NS, "generic"));
        assertThat(one.getKind()).isEqualTo("ConfigMap");
        assertThat(one.getAdditionalProperties()).containsKey("data");
        ObjectList<GenericKubernetesResource> list = block(generic.list(NS, ListOptions.all()));
        assertThat(list.items()).allSatisfy(item -> {
            assertThat(item.getKind()).isEqualTo("ConfigMap");
            assertThat(item.getApiVersion()).isEqualTo("v1");
        });
    }

    @Test
    void aListerWatcherKeepsItsFixedSelector() {
        ListerWatcher<ConfigMap> onlyBlue = configMaps.listerWatcher(NS, "colour=blue", null);
        ConfigMap blue = configMap("blue", Map.of());
        blue.getMetadata().setLabels(Map.of("colour", "blue"));
        ConfigMap red = configMap("red", Map.of());
        red.getMetadata().setLabels(Map.of("colour", "red"));
        ObjectList<ConfigMap> before = block(onlyBlue.list(ListOptions.all().withLabelSelector("colour=red")));
        assertThat(before.items()).isEmpty();
        block(configMaps.create(red));
        block(configMaps.create(blue));
        assertThat(block(onlyBlue.list(ListOptions.all())).items())
                .extracting(cm -> cm.getMetadata().getName())
                .containsExactly("blue");
        WatchEvent<ConfigMap> first = onlyBlue.watch(
                        WatchOptions.following(ListOptions.all(), before.resourceVersion(), Duration.ofSeconds(5)))
                .next()
                .block(WAIT);
        assertThat(first.type()).isEqualTo(WatchEventType.ADDED);
        assertThat(first.object().getMetadata().getName()).isEqualTo("blue");
    }

    @Test
    void aDeadServerIsSkippedAndItsBreakerOpens() throws IOException {
        URI dead;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        URI live = URI.create(server.baseUrl());
        block(configMaps.create(configMap("failover", Map.of())));
        try (KubeClient failover =
                KubeClient.create(ApiClientProperties.defaults().withUrls(List.of(dead, live)))) {
            ResourceClient<ConfigMap> viaFailover = failover.resources(ConfigMap.class);
            IntStream.range(0, 12)
                    .forEach(i ->
                            assertThat(block(viaFailover.get(NS, "failover"))).isNotNull());
            assertThat(failover.endpointStates())
                    .containsEntry(dead, CircuitBreaker.State.OPEN)
                    .containsEntry(live, CircuitBreaker.State.CLOSED);
            ConfigMap written = block(viaFailover.create(configMap("written-through-failover", Map.of())));
            assertThat(written.getMetadata().getUid()).isNotBlank();
        }
    }
}
