package io.skiff.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The documents of the built-in catalog, parsed, and ways to look into them as clients do. */
final class Documents {

    static final ResourceCatalog CATALOG = ResourceCatalog.builtin();
    static final OpenApiDocuments BUILTIN = new OpenApiDocuments(CATALOG);
    static final List<String> HTTP_METHODS = List.of("get", "put", "post", "delete", "patch");

    private Documents() {}

    static JsonNode v3(String path) {
        return parse(BUILTIN.v3GroupVersion(path).orElseThrow(() -> new AssertionError(path + " not served")));
    }

    static JsonNode v2() {
        return parse(BUILTIN.v2());
    }

    static List<String> servedPaths() {
        List<String> paths = new ArrayList<>();
        parse(BUILTIN.v3Index()).path("paths").fieldNames().forEachRemaining(paths::add);
        return paths;
    }

    static JsonNode schema(JsonNode document, String name) {
        JsonNode schema = document.path("components").path("schemas").path(name);
        if (schema.isMissingNode()) {
            throw new AssertionError("no schema " + name);
        }
        return schema;
    }

    /** Every operation of a document with the path it is on. */
    static List<Map.Entry<String, JsonNode>> operations(JsonNode document) {
        List<Map.Entry<String, JsonNode>> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> {
            for (String method : HTTP_METHODS) {
                if (path.getValue().has(method)) {
                    operations.add(Map.entry(path.getKey(), path.getValue().get(method)));
                }
            }
        });
        return operations;
    }

    static JsonNode parse(byte[] json) {
        try {
            return KubeJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode yaml(String text) {
        try {
            return (ObjectNode) new YAMLMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
