package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Merges a list field (strategicpatch's {@code mergeSliceHandler} and {@code mergeSlice}): lists
 * tagged {@code merge} merge by merge key or as a set of scalars, other lists are replaced whole.
 */
final class ListMerge {

    /**
     * A merged list before clean-up.
     *
     * @param liveView what the live list looks like to the caller afterwards (see {@link LiveList})
     * @param fromPatch elements taken verbatim from the patch, still to be cleaned up
     */
    record Merged(List<JsonNode> items, List<JsonNode> liveView, Set<JsonNode> fromPatch) {

        /** A result with nothing left to clean up. */
        static Merged of(List<JsonNode> items, List<JsonNode> liveView) {
            return new Merged(items, liveView, Set.of());
        }

        static Merged fromPatch(List<JsonNode> items, List<JsonNode> liveView) {
            return new Merged(items, liveView, identitySet(items));
        }

        /** The final elements: patch-borne ones cleaned up as Kubernetes' typed decoding would. */
        List<JsonNode> finish(List<JsonNode> arranged) {
            arranged.stream().filter(fromPatch::contains).forEach(PatchValues::verbatim);
            return arranged;
        }
    }

    private ListMerge() {}

    /**
     * Merges a list field; {@code deleteList} marks a {@code $deleteFromPrimitiveList} list, which
     * removes values whatever the field's strategy.
     */
    static Merged merge(List<JsonNode> live, List<JsonNode> patch, FieldSchema field, boolean deleteList) {
        if (field.strategy() != PatchStrategy.MERGE && !deleteList) {
            return Merged.fromPatch(patch, live);
        }
        if (live.isEmpty() && patch.isEmpty()) {
            return Merged.of(live, live);
        }
        String mergeKey = field.mergeKey().orElse(null);
        GoValue kind = GoValue.elementType(live, patch);
        if (kind != GoValue.MAP) {
            return deleteList ? Merged.of(without(live, patch), live) : mergeScalars(live, patch, mergeKey, kind);
        }
        if (mergeKey == null) {
            throw PatchErrors.noMergeKeyDeclared();
        }
        return mergeObjects(live, patch, mergeKey, field.element());
    }

    private static Merged mergeScalars(List<JsonNode> live, List<JsonNode> patch, String mergeKey, GoValue kind) {
        List<JsonNode> union = new ArrayList<>();
        for (List<JsonNode> list : List.of(live, patch)) {
            for (JsonNode item : list) {
                if (union.stream().noneMatch(seen -> GoValue.same(seen, item))) {
                    union.add(item);
                }
            }
        }
        ElementOrder.Partition partition = ElementOrder.partition(union, patch, mergeKey);
        return Merged.of(ElementOrder.normalize(partition, patch, live, mergeKey, kind), live);
    }

    private static Merged mergeObjects(
            List<JsonNode> live, List<JsonNode> patch, String mergeKey, FieldSchema element) {
        LiveList list = new LiveList(live);
        List<JsonNode> plain = new ArrayList<>();
        boolean replace = false;
        for (JsonNode item : patch) {
            JsonNode directive = item.get(Directives.PATCH);
            if (directive == null) {
                plain.add(item);
            } else if (Directives.DELETE.equals(directive.textValue())) {
                JsonNode value = item.get(mergeKey);
                if (value == null) {
                    throw PatchErrors.noMergeKey(item, mergeKey);
                }
                list.deleteAll(mergeKey, value);
            } else if (Directives.REPLACE.equals(directive.textValue())) {
                replace = true;
            } else if (Directives.MERGE.equals(directive.textValue())) {
                throw PatchErrors.mergeDirectiveInList();
            } else {
                throw PatchErrors.unknownPatchType(directive, item);
            }
        }
        Set<JsonNode> fromPatch = identitySet(List.of());
        if (replace) {
            list.replaceWith(plain);
            fromPatch = identitySet(plain);
            plain = List.of();
        }
        List<JsonNode> serverOrder = new ArrayList<>(list.items());
        for (JsonNode item : plain) {
            JsonNode value = item.get(mergeKey);
            if (value == null) {
                throw PatchErrors.noMergeKey(item, mergeKey);
            }
            int at = list.indexOf(mergeKey, value);
            if (at >= 0) {
                list.set(at, MapMerge.merge((ObjectNode) list.get(at), (ObjectNode) item, element));
            } else {
                list.append(item);
                fromPatch.add(item);
            }
        }
        ElementOrder.Partition partition = ElementOrder.partition(list.items(), plain, mergeKey);
        List<JsonNode> ordered = ElementOrder.normalize(partition, plain, serverOrder, mergeKey, GoValue.MAP);
        return new Merged(ordered, list.view(), fromPatch);
    }

    /** {@code $deleteFromPrimitiveList}: every occurrence of the listed values goes. */
    private static List<JsonNode> without(List<JsonNode> live, List<JsonNode> values) {
        List<JsonNode> kept = new ArrayList<>();
        for (JsonNode item : live) {
            if (values.stream().noneMatch(value -> GoValue.same(value, item))) {
                kept.add(item);
            }
        }
        return kept;
    }

    private static Set<JsonNode> identitySet(List<JsonNode> items) {
        Set<JsonNode> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(items);
        return set;
    }
}
