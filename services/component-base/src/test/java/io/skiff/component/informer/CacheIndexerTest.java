package io.skiff.component.informer;

import static io.skiff.component.informer.TestObjects.configMap;
import static io.skiff.component.informer.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CacheIndexerTest {

    @Test
    void keysAreNamespaceSlashNameOrJustTheNameForClusterScopedObjects() {
        CacheIndexer<ConfigMap> configMaps = new CacheIndexer<>();
        configMaps.put(configMap("team-a", "settings", "1"));
        CacheIndexer<Namespace> namespaces = new CacheIndexer<>();
        namespaces.put(new NamespaceBuilder()
                .withNewMetadata()
                .withName("team-a")
                .endMetadata()
                .build());

        assertThat(configMaps.listKeys()).containsExactly("team-a/settings");
        assertThat(namespaces.listKeys()).containsExactly("team-a");
        assertThat(namespaces.indexValues(Indexers.NAMESPACE)).isEmpty();
    }

    @Test
    void putReplacesByKeyAndRemoveReturnsTheCachedState() {
        CacheIndexer<ConfigMap> cache = new CacheIndexer<>();
        ConfigMap first = configMap("default", "a", "1");
        ConfigMap second = configMap("default", "a", "2");

        assertThat(cache.put(first)).isNull();
        assertThat(cache.put(second)).isSameAs(first);
        assertThat(cache.getByKey("default/a")).containsSame(second);
        assertThat(cache.remove(configMap("default", "a", "whatever"))).isSameAs(second);
        assertThat(cache.getByKey("default/a")).isEmpty();
        assertThat(cache.remove(first)).isNull();
        assertThat(cache.size()).isZero();
    }

    static Stream<Arguments> replacements() {
        return Stream.of(
                Arguments.of(
                        "an empty cache: everything is added",
                        List.of(),
                        List.of(configMap("ns", "a", "1", "10"), configMap("ns", "b", "1", "11")),
                        List.of("a", "b"),
                        List.of(),
                        List.of(),
                        0),
                Arguments.of(
                        "same revisions are unchanged, new revisions updated",
                        List.of(configMap("ns", "a", "1", "10"), configMap("ns", "b", "1", "11")),
                        List.of(configMap("ns", "a", "1", "10"), configMap("ns", "b", "2", "15")),
                        List.of(),
                        List.of("b"),
                        List.of(),
                        1),
                Arguments.of(
                        "objects missing from the list are deleted",
                        List.of(configMap("ns", "a", "1", "10"), configMap("ns", "b", "1", "11")),
                        List.of(configMap("ns", "b", "1", "11"), configMap("ns", "c", "1", "16")),
                        List.of("c"),
                        List.of(),
                        List.of("a"),
                        1),
                Arguments.of(
                        "objects without a revision always count as updated",
                        List.of(configMap("ns", "a", "1")),
                        List.of(configMap("ns", "a", "1")),
                        List.of(),
                        List.of("a"),
                        List.of(),
                        0),
                Arguments.of(
                        "an empty list deletes everything",
                        List.of(configMap("ns", "a", "1", "10")),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of("a"),
                        0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replacements")
    void replaceReportsTheDifferenceToTheCachedObjects(
            String description,
            List<ConfigMap> before,
            List<ConfigMap> after,
            List<String> added,
            List<String> updated,
            List<String> deleted,
            int unchanged) {
        CacheIndexer<ConfigMap> cache = new CacheIndexer<>();
        before.forEach(cache::put);

        StoreDiff<ConfigMap> diff = cache.replace(after);

        assertThat(names(diff.added())).as("added").containsExactlyInAnyOrderElementsOf(added);
        assertThat(names(
                        diff.updated().stream().map(StoreDiff.Update::newObject).toList()))
                .as("updated")
                .containsExactlyInAnyOrderElementsOf(updated);
        assertThat(names(diff.deleted())).as("deleted").containsExactlyInAnyOrderElementsOf(deleted);
        assertThat(diff.unchanged()).as("unchanged").isEqualTo(unchanged);
        assertThat(cache.list()).containsExactlyInAnyOrderElementsOf(after);
    }

    @Test
    void replaceRebuildsTheIndexes() {
        CacheIndexer<ConfigMap> cache = new CacheIndexer<>();
        cache.put(configMap("old", "a", "1"));

        cache.replace(List.of(configMap("new", "a", "1")));

        assertThat(cache.indexValues(Indexers.NAMESPACE)).containsExactly("new");
        assertThat(cache.byIndex(Indexers.NAMESPACE, "old")).isEmpty();
    }

    @Test
    void podsByNodeNameFollowAPodFromNoNodeToANodeAndOut() {
        CacheIndexer<Pod> pods = new CacheIndexer<>();
        pods.addIndexers(Map.of(Indexers.POD_NODE_NAME, Indexers.podsByNodeName()));

        pods.put(pod("default", "web", null, Map.of()));
        assertThat(pods.indexValues(Indexers.POD_NODE_NAME)).isEmpty();

        pods.put(pod("default", "web", "node-1", Map.of()));
        pods.put(pod("default", "db", "node-1", Map.of()));
        assertThat(pods.indexKeys(Indexers.POD_NODE_NAME, "node-1"))
                .containsExactlyInAnyOrder("default/web", "default/db");

        pods.put(pod("default", "web", "node-2", Map.of()));
        assertThat(pods.indexKeys(Indexers.POD_NODE_NAME, "node-1")).containsExactly("default/db");
        assertThat(pods.indexKeys(Indexers.POD_NODE_NAME, "node-2")).containsExactly("default/web");

        pods.remove(pod("default", "db", "node-1", Map.of()));
        assertThat(pods.indexValues(Indexers.POD_NODE_NAME)).containsExactly("node-2");
    }

    @Test
    void labelIndexFilesEachLabelAsKeyEqualsValue() {
        CacheIndexer<Pod> pods = new CacheIndexer<>();
        pods.put(pod("default", "web-1", "n", Map.of("app", "web", "tier", "front")));
        pods.put(pod("default", "web-2", "n", Map.of("app", "web")));
        pods.put(pod("default", "db", "n", Map.of("app", "db")));

        pods.addIndexers(Map.of(Indexers.LABEL, Indexers.byLabel()));

        assertThat(names(pods.byIndex(Indexers.LABEL, Indexers.labelValue("app", "web"))))
                .containsExactlyInAnyOrder("web-1", "web-2");
        assertThat(names(pods.byIndex(Indexers.LABEL, "tier=front"))).containsExactly("web-1");
        assertThat(pods.byIndex(Indexers.LABEL, "app=cache")).isEmpty();
    }

    @Test
    void indexNamesAreUniqueAndMustExist() {
        CacheIndexer<Pod> pods = new CacheIndexer<>();

        assertThatThrownBy(() -> pods.addIndexers(Map.of(Indexers.NAMESPACE, Indexers.byNamespace())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> pods.byIndex("no-such-index", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not exist");
    }

    static List<String> names(List<? extends io.fabric8.kubernetes.api.model.HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).toList();
    }
}
