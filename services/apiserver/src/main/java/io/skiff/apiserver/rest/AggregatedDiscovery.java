package io.skiff.apiserver.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;

/**
 * Aggregated discovery (apidiscovery.k8s.io v2 and v2beta1): every group, version and resource in
 * one response to /api or /apis, which kubectl asks for first. A client recognises it only by the
 * response's Content-Type, so that carries the same parameters as the Accept it matched.
 */
final class AggregatedDiscovery {

    private static final List<String> VERSIONS = List.of("v2", "v2beta1");

    private final ResourceCatalog catalog;

    AggregatedDiscovery(ResourceCatalog catalog) {
        this.catalog = catalog;
    }

    /** The discovery version the Accept header asks for first, if any. */
    static Optional<String> requestedVersion(List<MediaType> accept) {
        for (MediaType type : accept) {
            if ("apidiscovery.k8s.io".equals(type.getParameter("g"))
                    && "APIGroupDiscoveryList".equals(type.getParameter("as"))
                    && VERSIONS.contains(type.getParameter("v"))) {
                return Optional.of(type.getParameter("v"));
            }
        }
        return Optional.empty();
    }

    static MediaType contentType(String version) {
        return MediaType.parseMediaType(
                "application/json;g=apidiscovery.k8s.io;v=" + version + ";as=APIGroupDiscoveryList");
    }

    /** The list for /api (core group only) or /apis (every named group). */
    byte[] list(boolean core, String version) {
        ObjectNode list = KubeJson.mapper().createObjectNode();
        list.put("kind", "APIGroupDiscoveryList");
        list.put("apiVersion", "apidiscovery.k8s.io/" + version);
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        for (Map.Entry<String, List<String>> group : catalog.groupVersions().entrySet()) {
            if (group.getKey().isEmpty() != core) {
                continue;
            }
            ObjectNode item = items.addObject();
            item.putObject("metadata").put("name", group.getKey()).putNull("creationTimestamp");
            ArrayNode versions = item.putArray("versions");
            for (String gv : group.getValue()) {
                ObjectNode versionNode = versions.addObject();
                versionNode.put("version", gv);
                ArrayNode resources = versionNode.putArray("resources");
                for (ResourceType type : catalog.inGroupVersion(group.getKey(), gv)) {
                    resources.add(resource(type));
                }
                versionNode.put("freshness", "Current");
            }
        }
        return list.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static ObjectNode resource(ResourceType type) {
        ObjectNode resource = KubeJson.mapper().createObjectNode();
        resource.put("resource", type.plural());
        kind(resource.putObject("responseKind"), type.group(), type.version(), type.kind());
        resource.put("scope", type.namespaced() ? "Namespaced" : "Cluster");
        resource.put("singularResource", type.singular());
        strings(resource.putArray("verbs"), type.verbs());
        if (!type.shortNames().isEmpty()) {
            strings(resource.putArray("shortNames"), type.shortNames());
        }
        if (!type.categories().isEmpty()) {
            strings(resource.putArray("categories"), type.categories());
        }
        if (!type.subresources().isEmpty()) {
            ArrayNode subresources = resource.putArray("subresources");
            for (String name : type.subresources()) {
                Subresources.Description sub = Subresources.describe(type, name);
                ObjectNode node = subresources.addObject();
                node.put("subresource", name);
                kind(node.putObject("responseKind"), sub.group(), sub.version(), sub.kind());
                strings(node.putArray("verbs"), sub.verbs());
            }
        }
        return resource;
    }

    private static void kind(ObjectNode node, String group, String version, String kind) {
        node.put("group", group).put("version", version).put("kind", kind);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
