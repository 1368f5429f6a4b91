package io.skiff.apiserver.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import java.io.UncheckedIOException;

/** Test objects written as YAML flow mappings, and served types by name. */
final class Yaml {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ResourceCatalog CATALOG = ResourceCatalog.builtin();

    private Yaml() {}

    static ObjectNode object(String text) {
        return (ObjectNode) node(text);
    }

    static JsonNode node(String text) {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A served type named like {@code apps/v1/Deployment}. */
    static ResourceType type(String apiVersionAndKind) {
        int slash = apiVersionAndKind.lastIndexOf('/');
        return CATALOG.byKind(apiVersionAndKind.substring(0, slash), apiVersionAndKind.substring(slash + 1))
                .orElseThrow();
    }
}
