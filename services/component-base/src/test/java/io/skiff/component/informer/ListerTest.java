package io.skiff.component.informer;

import static io.skiff.component.informer.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.model.selector.LabelSelector;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ListerTest {

    private final CacheIndexer<Pod> pods = new CacheIndexer<>();
    private final Lister<Pod> lister = new Lister<>(pods);

    {
        pods.put(pod("shop", "web-1", "node-1", Map.of("app", "web", "tier", "front")));
        pods.put(pod("shop", "web-2", "node-2", Map.of("app", "web")));
        pods.put(pod("shop", "db", "node-1", Map.of("app", "db")));
        pods.put(pod("blog", "web-1", "node-2", Map.of("app", "web")));
    }

    static Stream<Arguments> selections() {
        return Stream.of(
                Arguments.of("everything in a namespace", "shop", "", List.of("shop/web-1", "shop/web-2", "shop/db")),
                Arguments.of("by label in a namespace", "shop", "app=web", List.of("shop/web-1", "shop/web-2")),
                Arguments.of("set-based selector", "shop", "app in (db),!tier", List.of("shop/db")),
                Arguments.of("an empty namespace", "wiki", "", List.of()),
                Arguments.of(
                        "by label across namespaces",
                        null,
                        "app=web",
                        List.of("shop/web-1", "shop/web-2", "blog/web-1")),
                Arguments.of(
                        "the empty namespace means all namespaces",
                        "",
                        "app=web",
                        List.of("shop/web-1", "shop/web-2", "blog/web-1")),
                Arguments.of("nothing matches", null, "app=cache", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selections")
    void listsByNamespaceAndLabelSelector(String description, String namespace, String selector, List<String> keys) {
        List<Pod> selected = namespace == null
                ? lister.list(LabelSelector.parse(selector))
                : lister.list(namespace, LabelSelector.parse(selector));
        if (namespace == null) {
            assertThat(lister.list(null, LabelSelector.parse(selector))).containsExactlyInAnyOrderElementsOf(selected);
        }

        assertThat(selected).extracting(ObjectKeys::keyOf).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void getsByNamespaceAndNameReturningTheCachedInstance() {
        Pod cached = pods.getByKey("blog/web-1").orElseThrow();

        assertThat(lister.get("blog", "web-1")).containsSame(cached);
        assertThat(lister.get("blog", "web-2")).isEmpty();
    }

    @Test
    void getsClusterScopedObjectsByName() {
        CacheIndexer<Node> nodes = new CacheIndexer<>();
        nodes.put(new NodeBuilder()
                .withNewMetadata()
                .withName("node-1")
                .endMetadata()
                .build());
        Lister<Node> nodeLister = new Lister<>(nodes);

        assertThat(nodeLister.get("node-1")).isPresent();
        assertThat(nodeLister.get(null, "node-1")).isPresent();
        assertThat(nodeLister.list(LabelSelector.everything())).hasSize(1);
    }

    @Test
    void readsThroughACustomIndex() {
        pods.addIndexers(Map.of(Indexers.POD_NODE_NAME, Indexers.podsByNodeName()));

        assertThat(lister.byIndex(Indexers.POD_NODE_NAME, "node-1"))
                .extracting(ObjectKeys::keyOf)
                .containsExactlyInAnyOrder("shop/web-1", "shop/db");
    }

    @Test
    void keysSplitBackIntoNamespaceAndName() {
        assertThat(ObjectKeys.namespaceOf("shop/web-1")).isEqualTo("shop");
        assertThat(ObjectKeys.nameOf("shop/web-1")).isEqualTo("web-1");
        assertThat(ObjectKeys.namespaceOf("node-1")).isEmpty();
        assertThat(ObjectKeys.nameOf("node-1")).isEqualTo("node-1");
    }
}
