package io.skiff.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;

/**
 * The two tree operations of apply: merging an applied configuration into the live object, and
 * removing the fields an applier gave up.
 */
final class ApplyMerge {

    private ApplyMerge() {}

    /**
     * The live value with the configuration's fields set: granular structs and maps merge field by
     * field, keyed lists item by item and sets value by value (in structured-merge-diff's order, see
     * {@link #mergeLists}); anything else takes the configuration's value. The configuration must
     * have passed {@link ConfigurationCheck}. Neither argument is modified.
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
            case ASSOCIATIVE -> {
                Map<String, JsonNode> liveItems = FieldSets.items(position, live);
                Position element = position.element();
                yield liveItems == null
                        ? config.deepCopy()
                        : mergeLists(liveItems, FieldSets.items(position, config), (l, c) -> merge(element, l, c));
            }
            case SET -> {
                Map<String, JsonNode> liveMembers = members(live);
                yield liveMembers == null
                        ? config.deepCopy()
                        : mergeLists(liveMembers, members(config), (l, c) -> c.deepCopy());
            }
            case ATOMIC -> config.deepCopy();
        };
    }

    /**
     * Merges two keyed lists in structured-merge-diff's order: items the configuration names keep
     * the configuration's order among themselves, items only the live list has stay where they were
     * relative to them, and new items come in at their place in the configuration.
     *
     * @param live the live items by key, in list order
     * @param config the configuration's items by key, in list order
     * @param mergeItem merges a live item (null when new) with the configuration's
     */
    private static ArrayNode mergeLists(
            Map<String, JsonNode> live, Map<String, JsonNode> config, BinaryOperator<JsonNode> mergeItem) {
        List<String> liveKeys = new ArrayList<>(live.keySet());
        List<String> configKeys = new ArrayList<>(config.keySet());
        Deque<String> sharedOrder = new ArrayDeque<>();
        for (String key : configKeys) {
            if (live.containsKey(key)) {
                sharedOrder.add(key);
            }
        }
        String nextShared = sharedOrder.poll();
        Set<String> merged = new HashSet<>();
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        int l = 0;
        int c = 0;
        while (l < liveKeys.size() || c < configKeys.size()) {
            if (l < liveKeys.size() && c < configKeys.size()) {
                String key = liveKeys.get(l);
                if (key.equals(configKeys.get(c))) {
                    merged.add(key);
                    out.add(mergeItem.apply(live.get(key), config.get(key)));
                    l++;
                    c++;
                    nextShared = sharedOrder.poll();
                    continue;
                }
                if (config.containsKey(key) && nextShared != null && !nextShared.equals(key)) {
                    // A shared item the configuration places later: it is written when its turn comes.
                    l++;
                    continue;
                }
            }
            if (l < liveKeys.size()) {
                String key = liveKeys.get(l);
                if (!config.containsKey(key)) {
                    out.add(live.get(key).deepCopy());
                    l++;
                    continue;
                }
                if (merged.contains(key)) {
                    l++;
                    continue;
                }
            }
            if (c < configKeys.size()) {
                String key = configKeys.get(c);
                merged.add(key);
                JsonNode liveItem = live.get(key);
                out.add(liveItem == null ? config.get(key).deepCopy() : mergeItem.apply(liveItem, config.get(key)));
                c++;
                if (key.equals(nextShared)) {
                    nextShared = sharedOrder.poll();
                }
            }
        }
        return out;
    }

    /** The members of a set by encoded value; null if one repeats (then it is compared whole). */
    private static Map<String, JsonNode> members(JsonNode set) {
        Map<String, JsonNode> members = new LinkedHashMap<>();
        for (JsonNode member : set) {
            if (members.putIfAbsent(PathElements.value(member), member) != null) {
                return null;
            }
        }
        return members;
    }

    /**
     * Removes the paths of {@code removed} from {@code value} in place, except where {@code kept}
     * (the fields still owned, by anyone) has something at or below the path: a list item whose
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
}
