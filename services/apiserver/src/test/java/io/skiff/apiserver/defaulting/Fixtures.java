package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.skiff.model.catalog.ResourceType;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Objects written as YAML, as in Kubernetes manifests, and resource types to go with them. */
final class Fixtures {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Fixtures() {}

    static ObjectNode yaml(String text) {
        return (ObjectNode) node(text);
    }

    /** Any YAML value: an object, a list or a scalar. */
    static JsonNode node(String text) {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A built-in type named by apiVersion and kind. */
    static ResourceType type(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        return type(group, version, kind, List.of("status"));
    }

    static ResourceType type(String group, String version, String kind, List<String> subresources) {
        String singular = kind.toLowerCase(Locale.ROOT);
        return new ResourceType(
                group,
                version,
                kind,
                singular + "s",
                singular,
                List.of(),
                true,
                List.of("create", "get", "list", "update", "patch", "delete", "watch"),
                List.of(),
                subresources,
                Set.of());
    }
}
