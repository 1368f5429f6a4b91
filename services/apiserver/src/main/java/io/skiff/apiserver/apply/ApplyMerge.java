package io.skiff.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The two tree operations of apply: merging an applied configuration into the live object, and
 * removing the fields an applier gave up.
 */
final class ApplyMerge {

    private ApplyMerge() {}

    /**
     * The live value with the configuration's fields set: structs and maps merge field by field,
     * associative lists item by item (live order kept, new items appended), sets by union;
     * anything else takes the configuration's value. Neither argument is modified.
     */
    static JsonNode merge(Position position, JsonNode live, JsonNode config) {
        if (live == null || live.isNull()) {
            return config.deepCopy();
        }
        Position.Kind kind = position.kind(config);
        if (kind != position.kind(live)) {
            return config.deepCopy();
        }
        return switch (kind) {
            case GRANULAR -> {
                ObjectNode merged = ((ObjectNode) live).deepCopy();
                for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    merged.set(e.getKey(), merge(position.child(e.getKey()), live.get(e.getKey()), e.getValue()));
                }
                yield merged;
            }
            case ASSOCIATIVE -> mergeItems(position, live, config);
            case SET -> {
                ArrayNode merged = ((ArrayNode) live).deepCopy();
                Set<String> present = FieldSets.members(live);
                for (JsonNode value : config) {
                    if (present.add(PathElements.value(value))) {
                        merged.add(value.deepCopy());
                    }
                }
                yield merged;
            }
            case ATOMIC -> config.deepCopy();
        };
    }

    private static JsonNode mergeItems(Position position, JsonNode live, JsonNode config) {
        Map<String, JsonNode> configItems = FieldSets.items(position, config);
        if (configItems == null) {
            throw new InvalidConfiguration("an item of a list merging on \""
                    + position.schema().mergeKey().orElseThrow() + "\" lacks that key or repeats it");
        }
        Map<String, JsonNode> liveItems = FieldSets.items(position, live);
        if (liveItems == null) {
            return config.deepCopy();
        }
        Position element = position.element();
        ArrayNode merged = JsonNodeFactory.instance.arrayNode();
        liveItems.forEach((key, item) -> {
            JsonNode applied = configItems.get(key);
            merged.add(applied == null ? item.deepCopy() : merge(element, item, applied));
        });
        configItems.forEach((key, item) -> {
            if (!liveItems.containsKey(key)) {
                merged.add(item.deepCopy());
            }
        });
        return merged;
    }

    /**
     * Removes the paths of {@code removed} from {@code value} in place, except where {@code kept}
     * (the fields other managers own) still has something at or below the path: a list item whose
     * fields are partly someone else's stays, as in Kubernetes.
     */
    static void prune(Position position, JsonNode value, FieldSet removed, FieldSet kept) {
        if (value == null) {
            return;
        }
        for (Map.Entry<String, FieldSet> entry : removed.children()) {
            String element = entry.getKey();
            FieldSet below = entry.getValue();
            FieldSet keptBelow = kept == null ? null : kept.child(element);
            boolean drop = below.isMember() && (keptBelow == null || keptBelow.isEmpty());
            switch (element.charAt(0)) {
                case 'f' -> {
                    if (!(value instanceof ObjectNode object)) {
                        continue;
                    }
                    String name = element.substring(2);
                    if (drop) {
                        object.remove(name);
                    } else {
                        prune(position.child(name), object.get(name), below, keptBelow);
                    }
                }
                case 'k' -> {
                    if (!(value instanceof ArrayNode list)) {
                        continue;
                    }
                    Position itemPosition = position.element();
                    for (int i = 0; i < list.size(); i++) {
                        if (list.get(i).isObject() && element.equals(position.itemKey(list.get(i)))) {
                            if (drop) {
                                list.remove(i);
                            } else {
                                prune(itemPosition, list.get(i), below, keptBelow);
                            }
                            break;
                        }
                    }
                }
                case 'v' -> {
                    if (value instanceof ArrayNode list && drop) {
                        for (int i = 0; i < list.size(); i++) {
                            if (element.equals(PathElements.value(list.get(i)))) {
                                list.remove(i);
                                break;
                            }
                        }
                    }
                }
                default -> {}
            }
        }
    }

    /** An applied configuration Kubernetes would reject before merging. */
    static final class InvalidConfiguration extends RuntimeException {
        InvalidConfiguration(String message) {
            super(message);
        }
    }
}
