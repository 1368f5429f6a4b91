package io.skiff.controllermanager.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.client.DiscoveryClient;
import io.skiff.model.catalog.ResourceType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamespacedResourcesDeleterTest {

    private static final Instant DELETED_AT = Instant.parse("2026-01-01T12:00:00Z");

    /** An API server holding objects per kind in one namespace, where objects with finalizers stay. */
    private static final class FakeApi implements NamespaceApi {

        Namespace namespace = new NamespaceBuilder()
                .withNewMetadata()
                .withName("doomed")
                .withUid("uid-ns")
                .withDeletionTimestamp(DELETED_AT.toString())
                .endMetadata()
                .withNewSpec()
                .withFinalizers("kubernetes")
                .endSpec()
                .withNewStatus()
                .withPhase("Terminating")
                .endStatus()
                .build();
        final Map<String, List<ObjectMeta>> objects = new HashMap<>();
        final List<String> calls = new ArrayList<>();
        DiscoveryClient.PreferredResources discovered = new DiscoveryClient.PreferredResources(
                List.of(
                        resourceList(
                                "v1",
                                resource("configmaps", "ConfigMap", true, "deletecollection"),
                                resource("pods", "Pod", true, "deletecollection"),
                                resource("pods/status", "Pod", true),
                                resource("namespaces", "Namespace", false, "deletecollection")),
                        resourceList("example.com/v1", resource("widgets", "Widget", true))),
                Map.of());

        @Override
        public Optional<Namespace> get(String name) {
            return Optional.ofNullable(namespace);
        }

        @Override
        public Namespace updateStatus(Namespace updated) {
            calls.add("updateStatus");
            namespace = updated;
            return updated;
        }

        @Override
        public Namespace finalize(Namespace finalized) {
            calls.add("finalize " + finalized.getSpec().getFinalizers());
            // As the API server's finalize does: only spec.finalizers changes, the status stays.
            namespace = new NamespaceBuilder(namespace)
                    .editSpec()
                    .withFinalizers(finalized.getSpec().getFinalizers())
                    .endSpec()
                    .build();
            return namespace;
        }

        @Override
        public DiscoveryClient.PreferredResources discover() {
            return discovered;
        }

        @Override
        public void deleteCollection(ResourceType type, String ns) {
            calls.add("deletecollection " + type.groupResource());
            removeUnheld(type);
        }

        @Override
        public List<ObjectMeta> list(ResourceType type, String ns) {
            return objects.getOrDefault(type.groupResource(), List.of());
        }

        @Override
        public void delete(ResourceType type, String ns, String name) {
            calls.add("delete " + type.groupResource() + " " + name);
            removeUnheld(type);
        }

        @Override
        public List<Pod> pods(String ns) {
            return List.of();
        }

        private void removeUnheld(ResourceType type) {
            objects.computeIfPresent(
                    type.groupResource(),
                    (k, items) -> new ArrayList<>(items.stream()
                            .filter(item -> item.getFinalizers() != null
                                    && !item.getFinalizers().isEmpty())
                            .toList()));
        }
    }

    private final FakeApi api = new FakeApi();
    private final NamespacedResourcesDeleter deleter =
            new NamespacedResourcesDeleter(api, Clock.fixed(DELETED_AT.plusSeconds(60), ZoneOffset.UTC));

    @Test
    void anEmptiedNamespaceIsFinalized() {
        api.objects.put("configmaps", new ArrayList<>(List.of(meta("settings"))));
        api.objects.put("widgets.example.com", new ArrayList<>(List.of(meta("w1"))));

        assertThat(deleter.delete("doomed")).isZero();

        assertThat(api.calls)
                .contains("deletecollection configmaps", "deletecollection pods", "delete widgets.example.com w1")
                .noneMatch(call -> call.contains("namespaces") || call.contains("pods/status"))
                .endsWith("finalize []");
        assertThat(condition("NamespaceContentRemaining").getStatus()).isEqualTo("False");
        assertThat(condition("NamespaceContentRemaining").getReason()).isEqualTo("ContentRemoved");
        assertThat(condition("NamespaceDeletionDiscoveryFailure").getMessage())
                .isEqualTo("All resources successfully discovered");
        assertThat(api.namespace.getStatus().getConditions()).hasSize(5);
    }

    @Test
    void objectsHeldByFinalizersKeepTheNamespaceAndAreReported() {
        api.objects.put("configmaps", new ArrayList<>(List.of(meta("settings", "example.com/hold"), meta("free"))));

        assertThat(deleter.delete("doomed")).isEqualTo(NamespacedResourcesDeleter.FINALIZER_ESTIMATE_SECONDS);

        assertThat(api.calls).noneMatch(call -> call.startsWith("finalize"));
        assertThat(condition("NamespaceContentRemaining").getMessage())
                .isEqualTo("Some resources are remaining: configmaps. has 1 resource instances");
        assertThat(condition("NamespaceFinalizersRemaining").getReason()).isEqualTo("SomeFinalizerRemain");
        assertThat(condition("NamespaceFinalizersRemaining").getMessage())
                .isEqualTo("Some finalizers are remaining: example.com/hold in 1 resource instances");
    }

    @Test
    void aGroupThatCannotBeDiscoveredIsReportedAndRetried() {
        api.discovered = new DiscoveryClient.PreferredResources(
                api.discovered.resources(), Map.of("example.com/v1", new IllegalStateException("boom")));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> deleter.delete("doomed"))
                .hasMessage("unable to retrieve the complete list of server APIs: example.com/v1: boom");

        assertThat(condition("NamespaceDeletionDiscoveryFailure").getStatus()).isEqualTo("True");
        assertThat(condition("NamespaceDeletionDiscoveryFailure").getReason()).isEqualTo("DiscoveryFailed");
        assertThat(condition("NamespaceDeletionDiscoveryFailure").getMessage())
                .isEqualTo("Discovery failed for some groups, 1 failing: "
                        + "unable to retrieve the complete list of server APIs: example.com/v1: boom");
        assertThat(api.calls).noneMatch(call -> call.startsWith("finalize"));
    }

    @Test
    void kindsWithoutCollectionDeleteAreDeletedOneByOne() {
        api.objects.put("widgets.example.com", new ArrayList<>(List.of(meta("a"), meta("b"))));

        deleter.delete("doomed");

        assertThat(api.calls)
                .contains("delete widgets.example.com a")
                .doesNotContain("deletecollection widgets.example.com");
    }

    @Test
    void aNamespaceNotBeingDeletedIsLeftAlone() {
        api.namespace.getMetadata().setDeletionTimestamp(null);

        assertThat(deleter.delete("doomed")).isZero();

        assertThat(api.calls).isEmpty();
    }

    private NamespaceCondition condition(String type) {
        return api.namespace.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals(type))
                .findFirst()
                .orElseThrow();
    }

    private static ObjectMeta meta(String name, String... finalizers) {
        return new ObjectMetaBuilder().withName(name).withFinalizers(finalizers).build();
    }

    private static APIResourceList resourceList(
            String groupVersion, io.fabric8.kubernetes.api.model.APIResource... resources) {
        return new APIResourceListBuilder()
                .withGroupVersion(groupVersion)
                .withResources(resources)
                .build();
    }

    private static io.fabric8.kubernetes.api.model.APIResource resource(
            String name, String kind, boolean namespaced, String... extraVerbs) {
        List<String> verbs = new ArrayList<>(List.of("create", "delete", "get", "list"));
        verbs.addAll(List.of(extraVerbs));
        if (name.contains("/")) {
            verbs = List.of("get", "update");
        }
        return new APIResourceBuilder()
                .withName(name)
                .withKind(kind)
                .withNamespaced(namespaced)
                .withVerbs(verbs)
                .build();
    }
}
