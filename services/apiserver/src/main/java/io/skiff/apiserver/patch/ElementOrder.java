package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Orders a merged list (strategicpatch's {@code normalizeElementOrder}): the elements named by the
 * patch (or by {@code $setElementOrder}) follow that order, the elements only the server has keep
 * their relative live order, and the two are interleaved by their positions in the live list; an
 * element the live list lacks goes before server-only elements it meets.
 */
final class ElementOrder {

    /** The merged elements split into those the order names and those only the server has. */
    record Partition(List<JsonNode> named, List<JsonNode> serverOnly) {}

    private ElementOrder() {}

    /**
     * Splits by membership in {@code order}: by the value of {@code mergeKey} for objects, by value for
     * scalars (no merge key).
     */
    static Partition partition(List<JsonNode> merged, List<JsonNode> order, String mergeKey) {
        List<JsonNode> named = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode item : merged) {
            (isNamed(item, order, mergeKey) ? named : serverOnly).add(item);
        }
        return new Partition(named, serverOnly);
    }

    static List<JsonNode> normalize(
            Partition partition, List<JsonNode> order, List<JsonNode> serverOrder, String mergeKey, GoValue kind) {
        List<JsonNode> named = sortBy(partition.named(), order, mergeKey, kind);
        List<JsonNode> serverOnly = sortBy(partition.serverOnly(), serverOrder, mergeKey, kind);
        return interleave(serverOnly, named, serverOrder, mergeKey, kind);
    }

    private static boolean isNamed(JsonNode item, List<JsonNode> order, String mergeKey) {
        if (mergeKey == null) {
            return order.stream().anyMatch(listed -> GoValue.same(listed, item));
        }
        if (!item.isObject()) {
            throw PatchErrors.expectedMap(item);
        }
        JsonNode value = item.get(mergeKey);
        if (value == null) {
            throw PatchErrors.noMergeKey(item, mergeKey);
        }
        for (int i = 0; i < order.size(); i++) {
            JsonNode listed = order.get(i);
            if (!listed.isObject()) {
                throw PatchErrors.notAMap(i);
            }
            JsonNode listedValue = listed.get(mergeKey);
            if (listedValue != null && GoValue.same(listedValue, value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sorts as Go's {@code sort.SliceStable} with strategicpatch's comparison, which holds an element
     * missing from {@code order} "less" than any other; objects marked {@code $patch: delete} go last.
     */
    private static List<JsonNode> sortBy(List<JsonNode> items, List<JsonNode> order, String mergeKey, GoValue kind) {
        List<JsonNode> sorted = new ArrayList<>();
        List<JsonNode> deletions = new ArrayList<>();
        if (kind == GoValue.MAP) {
            requireMergeKey(items, mergeKey);
            requireMergeKey(order, mergeKey);
            for (JsonNode item : items) {
                JsonNode directive = item.get(Directives.PATCH);
                boolean deletion = directive != null && Directives.DELETE.equals(directive.textValue());
                (deletion ? deletions : sorted).add(item);
            }
        } else {
            sorted.addAll(items);
        }
        for (int i = 1; i < sorted.size(); i++) {
            for (int j = i; j > 0 && before(sorted.get(j), sorted.get(j - 1), order, mergeKey, kind); j--) {
                sorted.set(j, sorted.set(j - 1, sorted.get(j)));
            }
        }
        sorted.addAll(deletions);
        return sorted;
    }

    private static boolean before(JsonNode a, JsonNode b, List<JsonNode> order, String mergeKey, GoValue kind) {
        int indexOfA = indexOf(order, a, mergeKey, kind);
        if (indexOfA >= 0) {
            int indexOfB = indexOf(order, b, mergeKey, kind);
            if (indexOfB >= 0) {
                return indexOfA < indexOfB;
            }
        }
        return true;
    }

    /** Merges two sorted lists, taking a server-only element first only when the live order says so. */
    private static List<JsonNode> interleave(
            List<JsonNode> serverOnly,
            List<JsonNode> named,
            List<JsonNode> serverOrder,
            String mergeKey,
            GoValue kind) {
        List<JsonNode> result = new ArrayList<>(serverOnly.size() + named.size());
        int i = 0;
        int j = 0;
        while (i < serverOnly.size() && j < named.size()) {
            int left = indexOf(serverOrder, serverOnly.get(i), mergeKey, kind);
            int right = indexOf(serverOrder, named.get(j), mergeKey, kind);
            if (left >= 0 && right >= 0 && left < right) {
                result.add(serverOnly.get(i++));
            } else {
                result.add(named.get(j++));
            }
        }
        result.addAll(serverOnly.subList(i, serverOnly.size()));
        result.addAll(named.subList(j, named.size()));
        return result;
    }

    /** The position of an element in a list, by merge key value for objects, by value for scalars. */
    private static int indexOf(List<JsonNode> list, JsonNode item, String mergeKey, GoValue kind) {
        JsonNode wanted = kind == GoValue.MAP ? keyOf(item, mergeKey) : item;
        for (int i = 0; i < list.size(); i++) {
            JsonNode candidate = kind == GoValue.MAP ? keyOf(list.get(i), mergeKey) : list.get(i);
            if (GoValue.same(candidate, wanted)) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode keyOf(JsonNode item, String mergeKey) {
        return item.isObject() && mergeKey != null ? item.get(mergeKey) : null;
    }

    private static void requireMergeKey(List<JsonNode> items, String mergeKey) {
        for (JsonNode item : items) {
            if (!item.isObject()) {
                throw PatchErrors.expectedMap(item);
            }
            if (!item.has(mergeKey == null ? "" : mergeKey)) {
                throw PatchErrors.noMergeKey(item, mergeKey == null ? "" : mergeKey);
            }
        }
    }
}
