package io.skiff.apiserver.printing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.json.KubeJson;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A meta.k8s.io/v1 Table written field for field as Kubernetes' JSON encoder writes metav1.Table:
 * metadata always present, null column definitions when headers are left out, row conditions only
 * when there are some, and a row object that is null for includeObject=None.
 */
final class TableJson {

    private static final ObjectMapper MAPPER = KubeJson.mapper();

    private final ObjectNode table = MAPPER.createObjectNode();
    private final ArrayNode rows;

    /** A table with the given list metadata; null values are left out, as Go omits empty ones. */
    TableJson(String resourceVersion, String continueToken, Long remainingItemCount) {
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        if (resourceVersion != null && !resourceVersion.isEmpty()) {
            metadata.put("resourceVersion", resourceVersion);
        }
        if (continueToken != null && !continueToken.isEmpty()) {
            metadata.put("continue", continueToken);
        }
        if (remainingItemCount != null) {
            metadata.put("remainingItemCount", remainingItemCount);
        }
        table.putNull("columnDefinitions");
        rows = table.putArray("rows");
    }

    TableJson columns(List<Column> columns) {
        ArrayNode definitions = table.putArray("columnDefinitions");
        for (Column column : columns) {
            definitions
                    .addObject()
                    .put("name", column.name())
                    .put("type", column.type())
                    .put("format", column.format())
                    .put("description", column.description())
                    .put("priority", column.priority());
        }
        return this;
    }

    TableJson row(Row printed, JsonNode object, IncludeObject include) {
        ObjectNode row = rows.addObject();
        ArrayNode cells = row.putArray("cells");
        for (Object cell : printed.cells()) {
            if (cell instanceof Long number) {
                cells.add(number);
            } else if (cell instanceof Boolean flag) {
                cells.add(flag);
            } else {
                cells.add((String) cell);
            }
        }
        if (!printed.conditions().isEmpty()) {
            ArrayNode conditions = row.putArray("conditions");
            for (Row.Condition condition : printed.conditions()) {
                conditions
                        .addObject()
                        .put("type", condition.type())
                        .put("status", condition.status())
                        .put("reason", condition.reason())
                        .put("message", condition.message());
            }
        }
        row.set("object", rowObject(object, include));
        return this;
    }

    byte[] toBytes() {
        try {
            return MAPPER.writeValueAsBytes(table);
        } catch (JsonProcessingException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    private static JsonNode rowObject(JsonNode object, IncludeObject include) {
        return switch (include) {
            case NONE -> MAPPER.nullNode();
            case OBJECT -> object;
            case METADATA -> {
                ObjectNode partial = MAPPER.createObjectNode();
                partial.put("kind", "PartialObjectMetadata");
                partial.put("apiVersion", "meta.k8s.io/v1");
                JsonNode metadata = object.get("metadata");
                partial.set("metadata", metadata instanceof ObjectNode ? metadata : MAPPER.createObjectNode());
                yield partial;
            }
        };
    }
}
