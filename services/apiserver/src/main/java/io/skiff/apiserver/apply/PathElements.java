package io.skiff.apiserver.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The FieldsV1 encoding of one step of a path ({@code f:name}, {@code k:{"name":"web"}},
 * {@code v:"a"}) and the way Kubernetes prints whole paths in conflict messages
 * ({@code .spec.template.spec.containers[name="web"].image}).
 */
final class PathElements {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PathElements() {}

    static String field(String name) {
        return "f:" + name;
    }

    /** An item of an associative list, named by its key field(s) ({@code keys} must be sorted). */
    static String key(ObjectNode keys) {
        return "k:" + compact(keys);
    }

    /** An item of a set, named by its value. */
    static String value(JsonNode value) {
        return "v:" + compact(canonical(value));
    }

    /**
     * A scalar as it names an item or a set member: whole numbers the same however they were read
     * (80 from YAML, 80.0 from a decimal), as Go's values compare.
     */
    static JsonNode canonical(JsonNode value) {
        if (value.isNumber() && !value.isIntegralNumber() && value.canConvertToExactIntegral()) {
            return JsonNodeFactory.instance.numberNode(value.decimalValue().longValueExact());
        }
        return value;
    }

    static String render(List<String> path) {
        StringBuilder out = new StringBuilder();
        for (String element : path) {
            String body = element.substring(2);
            switch (element.charAt(0)) {
                case 'f' -> out.append('.').append(body);
                case 'k' -> out.append('[').append(renderKey(body)).append(']');
                case 'v' -> out.append("[=").append(body).append(']');
                default -> out.append('[').append(body).append(']');
            }
        }
        return out.toString();
    }

    private static String renderKey(String json) {
        StringBuilder out = new StringBuilder();
        try {
            for (Iterator<Map.Entry<String, JsonNode>> it = JSON.readTree(json).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.append(e.getKey()).append('=').append(compact(e.getValue()));
                if (it.hasNext()) {
                    out.append(',');
                }
            }
        } catch (JsonProcessingException e) {
            return json;
        }
        return out.toString();
    }

    private static String compact(JsonNode value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
