package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The Go dynamic type a JSON value has once Kubernetes decodes a patch into {@code
 * map[string]interface{}} (integers kept as int64), and Go's {@code ==} on such values. Strategic
 * merge patch compares merge keys and list scalars with {@code ==}, so {@code 80} and {@code 80.0}
 * or {@code "80"} are different keys there.
 */
enum GoValue {
    MAP("map[string]interface {}"),
    SLICE("[]interface {}"),
    STRING("string"),
    INT64("int64"),
    FLOAT64("float64"),
    BOOL("bool"),
    NIL("%!s(<nil>)");

    /** The type as Go's {@code %s} of {@code reflect.TypeOf} prints it in error messages. */
    final String goName;

    GoValue(String goName) {
        this.goName = goName;
    }

    static GoValue of(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return NIL;
        }
        if (value.isObject()) {
            return MAP;
        }
        if (value.isArray()) {
            return SLICE;
        }
        if (value.isBoolean()) {
            return BOOL;
        }
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? INT64 : FLOAT64;
        }
        if (value.isNumber()) {
            return FLOAT64;
        }
        return STRING;
    }

    /** Go's {@code a == b} on two decoded values; composite values compare by content. */
    static boolean same(JsonNode a, JsonNode b) {
        GoValue type = of(a);
        if (type != of(b)) {
            return false;
        }
        return switch (type) {
            case NIL -> true;
            case INT64 -> a.longValue() == b.longValue();
            case FLOAT64 -> a.doubleValue() == b.doubleValue();
            case STRING -> a.asText().equals(b.asText());
            case BOOL -> a.booleanValue() == b.booleanValue();
            case MAP, SLICE -> a.equals(b);
        };
    }

    /**
     * The one Go type of all elements of the lists (strategicpatch's {@code sliceElementType}):
     * lists of lists and mixed lists are refused, and so are lists with no element at all.
     */
    static GoValue elementType(List<JsonNode> first, List<JsonNode> second) {
        GoValue found = null;
        for (List<JsonNode> list : List.of(first, second)) {
            for (JsonNode item : list) {
                GoValue type = of(item);
                if (found == null && type == SLICE) {
                    throw PatchErrors.listOfLists();
                }
                if (found != null && found != type) {
                    throw PatchErrors.mixedElementTypes(List.of(first, second));
                }
                found = type;
            }
        }
        if (found == null) {
            throw PatchErrors.noElements();
        }
        return found;
    }
}
