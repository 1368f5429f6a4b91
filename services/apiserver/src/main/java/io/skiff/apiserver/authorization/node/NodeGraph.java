package io.skiff.apiserver.authorization.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.watch.CachedObject;
import io.skiff.apiserver.watch.WatchCache;
import io.skiff.apiserver.watch.WatchFilter;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import io.skiff.model.pod.PodReferences;
import io.skiff.model.selector.FieldSelector;
import io.skiff.model.selector.LabelSelector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The relations the node authorizer allows by, read from the watch cache: an object is related to
 * a node when a pod bound to that node references it (a PersistentVolume through a claim such a
 * pod uses). The node authorizer's graph answers the same questions from an index; here the
 * node's pods are found through the cache's {@code spec.nodeName} field, in the namespace asked
 * about, so a check parses only that node's pods there.
 */
public final class NodeGraph implements NodeRelations {

    private final WatchCache cache;
    private final ResourceType pods;
    private final ResourceType claims;

    public NodeGraph(WatchCache cache, ResourceCatalog catalog) {
        this.cache = cache;
        this.pods = catalog.byPlural("", "v1", "pods").orElseThrow();
        this.claims = catalog.byPlural("", "v1", "persistentvolumeclaims").orElseThrow();
    }

    @Override
    public boolean related(String node, Kind kind, String namespace, String name) {
        if (kind == Kind.VOLUME) {
            for (JsonNode pod : podsOn(node, null)) {
                String podNamespace = pod.path("metadata").path("namespace").asText();
                for (String claim : PodReferences.of(pod).claims()) {
                    Optional<String> bound = claimVolume(podNamespace, claim);
                    if (bound.isPresent() && bound.get().equals(name)) {
                        return true;
                    }
                }
            }
            return false;
        }
        for (JsonNode pod : podsOn(node, namespace)) {
            PodReferences references = PodReferences.of(pod);
            boolean found = switch (kind) {
                case SECRET -> references.secrets().contains(name);
                case CONFIG_MAP -> references.configMaps().contains(name);
                case CLAIM -> references.claims().contains(name);
                case SERVICE_ACCOUNT -> references.serviceAccount().equals(name);
                case VOLUME -> false;
            };
            if (found) {
                return true;
            }
        }
        return false;
    }

    private List<JsonNode> podsOn(String node, String namespace) {
        FieldSelector onNode = FieldSelector.parse("spec.nodeName=" + node);
        WatchFilter filter = new WatchFilter(namespace, null, LabelSelector.everything(), onNode);
        return cache.list(pods, filter, -1, null, 0).items().stream()
                .map(NodeGraph::parse)
                .toList();
    }

    private Optional<String> claimVolume(String namespace, String claim) {
        return cache.get(claims, namespace, claim)
                .map(NodeGraph::parse)
                .map(json -> json.path("spec").path("volumeName").asText(""))
                .filter(volume -> !volume.isEmpty());
    }

    private static JsonNode parse(CachedObject object) {
        try {
            return KubeJson.mapper().readTree(object.json());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
