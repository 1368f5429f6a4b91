package io.skiff.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Field sets of values and of the differences between two values, by their {@link Position}s. */
final class FieldSets {

    /** Numbers compare by value: YAML, JSON and stored trees may hold 2 as int, long or decimal. */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private FieldSets() {}

    static boolean same(JsonNode a, JsonNode b) {
        return a == b || (a != null && b != null && a.equals(SAME_VALUE, b));
    }

    /** The fields a value sets: its leaves, atomic values, list items and set members. */
    static FieldSet of(Position position, JsonNode value) {
        FieldSet set = FieldSet.empty();
        collect(position, value, new ArrayList<>(), set);
        return set;
    }

    private static void collect(Position position, JsonNode value, List<String> path, FieldSet out) {
        switch (position.kind(value)) {
            case GRANULAR -> {
                if (value.isEmpty() && !path.isEmpty()) {
                    out.insert(path);
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    path.add(PathElements.field(e.getKey()));
                    collect(position.child(e.getKey()), e.getValue(), path, out);
                    path.remove(path.size() - 1);
                }
            }
            case ASSOCIATIVE -> {
                Map<String, JsonNode> items = items(position, value);
                if (items == null) {
                    out.insert(path);
                    return;
                }
                Position element = position.element();
                items.forEach((key, item) -> {
                    path.add(key);
                    out.insert(path);
                    collect(element, item, path, out);
                    path.remove(path.size() - 1);
                });
            }
            case SET -> {
                for (JsonNode member : value) {
                    path.add(PathElements.value(member));
                    out.insert(path);
                    path.remove(path.size() - 1);
                }
            }
            case ATOMIC -> out.insert(path);
        }
    }

    /** What changed from {@code before} to {@code after}, both possibly null (absent). */
    static Changes compare(Position position, JsonNode before, JsonNode after) {
        Changes changes = new Changes(FieldSet.empty(), FieldSet.empty());
        compare(position, before, after, new ArrayList<>(), changes);
        return changes;
    }

    /**
     * @param changed the paths added or modified, with everything below an added value
     * @param removed the paths removed, with everything that was below them
     */
    record Changes(FieldSet changed, FieldSet removed) {

        boolean isEmpty() {
            return changed.isEmpty() && removed.isEmpty();
        }
    }

    private static void compare(Position position, JsonNode before, JsonNode after, List<String> path, Changes out) {
        if (before == null && after == null) {
            return;
        }
        if (before == null || after == null) {
            FieldSet target = before == null ? out.changed() : out.removed();
            target.insert(path);
            collect(position, before == null ? after : before, path, target);
            return;
        }
        Position.Kind kind = position.kind(after);
        if (kind != position.kind(before) || kind == Position.Kind.ATOMIC) {
            if (!same(before, after)) {
                out.changed().insert(path);
                collect(position, after, path, out.changed());
            }
            return;
        }
        switch (kind) {
            case GRANULAR -> {
                Set<String> names = new LinkedHashSet<>();
                before.fieldNames().forEachRemaining(names::add);
                after.fieldNames().forEachRemaining(names::add);
                for (String name : names) {
                    path.add(PathElements.field(name));
                    compare(position.child(name), before.get(name), after.get(name), path, out);
                    path.remove(path.size() - 1);
                }
            }
            case ASSOCIATIVE -> {
                Map<String, JsonNode> was = items(position, before);
                Map<String, JsonNode> is = items(position, after);
                if (was == null || is == null) {
                    if (!same(before, after)) {
                        out.changed().insert(path);
                    }
                    return;
                }
                Set<String> keys = new LinkedHashSet<>(was.keySet());
                keys.addAll(is.keySet());
                Position element = position.element();
                for (String key : keys) {
                    path.add(key);
                    compare(element, was.get(key), is.get(key), path, out);
                    path.remove(path.size() - 1);
                }
            }
            case SET -> {
                Set<String> was = members(before);
                Set<String> is = members(after);
                for (String member : is) {
                    if (!was.contains(member)) {
                        path.add(member);
                        out.changed().insert(path);
                        path.remove(path.size() - 1);
                    }
                }
                for (String member : was) {
                    if (!is.contains(member)) {
                        path.add(member);
                        out.removed().insert(path);
                        path.remove(path.size() - 1);
                    }
                }
            }
            case ATOMIC -> throw new IllegalStateException("handled above");
        }
    }

    /** The items of an associative list by encoded key; null if one lacks its key or repeats one. */
    static Map<String, JsonNode> items(Position position, JsonNode list) {
        Map<String, JsonNode> items = new LinkedHashMap<>();
        for (JsonNode item : list) {
            String key = item.isObject() ? position.itemKey(item) : null;
            if (key == null || items.putIfAbsent(key, item) != null) {
                return null;
            }
        }
        return items;
    }

    static Set<String> members(JsonNode set) {
        Set<String> members = new LinkedHashSet<>();
        set.forEach(value -> members.add(PathElements.value(value)));
        return members;
    }
}
