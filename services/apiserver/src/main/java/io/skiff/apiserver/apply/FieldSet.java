package io.skiff.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of field paths, stored as a tree of encoded path elements ({@link PathElements}) the way
 * the FieldsV1 format nests them: a node is a member when the path leading to it is in the set,
 * and may also have members below it (a list item and its fields, a map added whole and its keys).
 */
public final class FieldSet {

    private static final String SELF = ".";

    private final TreeMap<String, FieldSet> children = new TreeMap<>();
    private boolean member;

    public static FieldSet empty() {
        return new FieldSet();
    }

    /** Adds the path given by its encoded elements. */
    public FieldSet insert(List<String> path) {
        FieldSet node = this;
        for (String element : path) {
            node = node.children.computeIfAbsent(element, e -> new FieldSet());
        }
        node.member = true;
        return this;
    }

    public boolean contains(List<String> path) {
        FieldSet node = this;
        for (String element : path) {
            node = node.children.get(element);
            if (node == null) {
                return false;
            }
        }
        return node.member;
    }

    public boolean isEmpty() {
        return !member && children.isEmpty();
    }

    FieldSet child(String element) {
        return children.get(element);
    }

    boolean isMember() {
        return member;
    }

    Iterable<Map.Entry<String, FieldSet>> children() {
        return children.entrySet();
    }

    public FieldSet union(FieldSet other) {
        FieldSet result = copy();
        result.addAll(other);
        return result;
    }

    private void addAll(FieldSet other) {
        member |= other.member;
        other.children.forEach((element, child) ->
                children.computeIfAbsent(element, e -> new FieldSet()).addAll(child));
    }

    /** The paths of this set that are not in {@code other}. */
    public FieldSet minus(FieldSet other) {
        FieldSet result = new FieldSet();
        result.member = member && !other.member;
        children.forEach((element, child) -> {
            FieldSet otherChild = other.children.get(element);
            FieldSet remaining = otherChild == null ? child.copy() : child.minus(otherChild);
            if (!remaining.isEmpty()) {
                result.children.put(element, remaining);
            }
        });
        return result;
    }

    public FieldSet intersect(FieldSet other) {
        FieldSet result = new FieldSet();
        result.member = member && other.member;
        children.forEach((element, child) -> {
            FieldSet otherChild = other.children.get(element);
            if (otherChild != null) {
                FieldSet common = child.intersect(otherChild);
                if (!common.isEmpty()) {
                    result.children.put(element, common);
                }
            }
        });
        return result;
    }

    /** Every path of the set, parents before their children, in the order FieldsV1 sorts them. */
    public List<List<String>> paths() {
        List<List<String>> paths = new ArrayList<>();
        collect(new ArrayList<>(), paths);
        return paths;
    }

    private void collect(List<String> prefix, List<List<String>> out) {
        if (member) {
            out.add(List.copyOf(prefix));
        }
        children.forEach((element, child) -> {
            prefix.add(element);
            child.collect(prefix, out);
            prefix.remove(prefix.size() - 1);
        });
    }

    private FieldSet copy() {
        FieldSet copy = new FieldSet();
        copy.addAll(this);
        return copy;
    }

    /** The FieldsV1 form: {@code {}} for a leaf, {@code ".": {}} for a member that has children. */
    public ObjectNode toFieldsV1() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (member && !children.isEmpty()) {
            node.putObject(SELF);
        }
        children.forEach((element, child) -> node.set(element, child.toFieldsV1()));
        return node;
    }

    public static FieldSet fromFieldsV1(JsonNode fields) {
        FieldSet set = new FieldSet();
        if (fields == null || !fields.isObject()) {
            return set;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(SELF)) {
                set.member = true;
                continue;
            }
            FieldSet child = fromFieldsV1(e.getValue());
            if (e.getValue().isEmpty()) {
                child.member = true;
            }
            set.children.put(e.getKey(), child);
        }
        return set;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSet other && member == other.member && children.equals(other.children);
    }

    @Override
    public int hashCode() {
        return children.hashCode() * 31 + Boolean.hashCode(member);
    }

    @Override
    public String toString() {
        return toFieldsV1().toString();
    }
}
