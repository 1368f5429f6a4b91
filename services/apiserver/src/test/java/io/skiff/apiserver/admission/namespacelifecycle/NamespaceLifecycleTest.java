package io.skiff.apiserver.admission.namespacelifecycle;

import static io.skiff.apiserver.admission.InMemoryReads.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.admission.InMemoryReads;
import io.skiff.apiserver.admission.Resources;
import io.skiff.model.api.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamespaceLifecycleTest {

    private static final String POD = "{\"metadata\":{\"name\":\"web\",\"namespace\":\"%s\"},\"spec\":{}}";

    private final InMemoryReads reads = new InMemoryReads()
            .add(Resources.NAMESPACES, "{\"metadata\":{\"name\":\"team\"},\"status\":{\"phase\":\"Active\"}}")
            .add(
                    Resources.NAMESPACES,
                    "{\"metadata\":{\"name\":\"leaving\",\"deletionTimestamp\":\"2026-01-01T00:00:00Z\"},"
                            + "\"status\":{\"phase\":\"Terminating\"}}");
    private final NamespaceLifecycle plugin =
            new NamespaceLifecycle(reads, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void createInAnActiveNamespaceIsAdmitted() {
        assertThatCode(() -> plugin.validate(createPod("team"))).doesNotThrowAnyException();
    }

    @Test
    void createInAMissingNamespaceIsNotFound() {
        ApiException refused = catchThrowableOfType(ApiException.class, () -> plugin.validate(createPod("nowhere")));
        assertThat(refused.code()).isEqualTo(404);
        assertThat(refused.status().getMessage()).isEqualTo("namespaces \"nowhere\" not found");
    }

    @Test
    void aNamespaceTheCacheHasNotSeenYetIsLookedUpLive() {
        reads.addStoredOnly(
                Resources.NAMESPACES, "{\"metadata\":{\"name\":\"fresh\"},\"status\":{\"phase\":\"Active\"}}");
        Attributes create = createPod("fresh");
        assertThat(plugin.readsStorage(create)).isTrue();
        assertThatCode(() -> plugin.validate(create)).doesNotThrowAnyException();
    }

    @Test
    void createInATerminatingNamespaceIsForbiddenWithACause() {
        ApiException refused = catchThrowableOfType(ApiException.class, () -> plugin.validate(createPod("leaving")));
        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.reason()).isEqualTo("Forbidden");
        assertThat(refused.status().getMessage())
                .isEqualTo("pods \"web\" is forbidden: unable to create new content in namespace leaving because it"
                        + " is being terminated");
        assertThat(refused.status().getDetails().getCauses()).singleElement().satisfies(cause -> {
            assertThat(cause.getReason()).isEqualTo("NamespaceTerminating");
            assertThat(cause.getField()).isEqualTo("metadata.namespace");
            assertThat(cause.getMessage()).isEqualTo("namespace leaving is being terminated");
        });
    }

    @Test
    void updatesAndDeletesInATerminatingNamespaceAreAdmitted() {
        var pod = parse(POD.formatted("leaving"));
        assertThatCode(() -> plugin.validate(
                        Attributes.update(Resources.PODS, "", "leaving", "web", pod, pod.deepCopy(), false)))
                .doesNotThrowAnyException();
        assertThatCode(() -> plugin.validate(Attributes.delete(Resources.PODS, "leaving", "web", pod, false)))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "kube-system", "kube-public"})
    void theSystemNamespacesMayNotBeDeleted(String name) {
        var namespace = parse("{\"metadata\":{\"name\":\"" + name + "\"}}");
        ApiException refused = catchThrowableOfType(
                ApiException.class,
                () -> plugin.validate(Attributes.delete(Resources.NAMESPACES, "", name, namespace, false)));
        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.status().getMessage())
                .isEqualTo("namespaces \"" + name + "\" is forbidden: this namespace may not be deleted");
        assertThat(refused.status().getDetails().getKind()).isEqualTo("namespaces");
    }

    @Test
    void otherNamespacesMayBeDeletedAndAreThenLookedUpLive() {
        var namespace = parse("{\"metadata\":{\"name\":\"team\"}}");
        plugin.validate(Attributes.delete(Resources.NAMESPACES, "", "team", namespace, false));
        // The cache still shows it active; the database has it terminating.
        reads.addStoredOnly(
                Resources.NAMESPACES, "{\"metadata\":{\"name\":\"team\"},\"status\":{\"phase\":\"Terminating\"}}");
        assertThat(plugin.readsStorage(createPod("team"))).isTrue();
        ApiException refused = catchThrowableOfType(ApiException.class, () -> plugin.validate(createPod("team")));
        assertThat(refused.code()).isEqualTo(403);
    }

    @Test
    void clusterScopedObjectsAreNotConcerned() {
        var node = parse("{\"metadata\":{\"name\":\"n1\"}}");
        var nodes = io.skiff.model.catalog.ResourceCatalog.builtin()
                .byPlural("", "v1", "nodes")
                .orElseThrow();
        assertThatCode(() -> plugin.validate(Attributes.create(nodes, "", node, false)))
                .doesNotThrowAnyException();
        assertThat(plugin.readsStorage(Attributes.create(nodes, "", node, false)))
                .isFalse();
    }

    private static Attributes createPod(String namespace) {
        return Attributes.create(Resources.PODS, namespace, parse(POD.formatted(namespace)), false);
    }
}
