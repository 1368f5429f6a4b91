package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code $setElementOrder/<field>} (strategicpatch's {@code mergePatchIntoOriginal}): merges the
 * field's list from the patch, if any, then orders the result. Elements the directive lists come in
 * its order; elements only the server has keep their live positions relative to them. kubectl apply
 * sends the directive for every list it changes, with all the elements of the applied manifest.
 */
final class SetElementOrder {

    private SetElementOrder() {}

    /** Handles every order directive of the patch map, removing them and the lists they cover. */
    static void apply(ObjectNode target, ObjectNode patch, FieldSchema schema) {
        for (String key : PatchValues.fieldNames(patch)) {
            if (key.startsWith(Directives.SET_ELEMENT_ORDER)) {
                applyOne(target, patch, key, schema);
            }
        }
    }

    private static void applyOne(ObjectNode target, ObjectNode patch, String directiveKey, FieldSchema schema) {
        JsonNode orderNode = patch.remove(directiveKey);
        if (!orderNode.isArray()) {
            throw PatchErrors.expectedList(orderNode);
        }
        String key = Directives.fieldOf(directiveKey, Directives.SET_ELEMENT_ORDER);
        if (key == null) {
            throw PatchErrors.badSetElementOrderFormat();
        }
        List<JsonNode> order = PatchValues.items(orderNode);
        JsonNode live = target.get(key);
        JsonNode patchList = patch.get(key);
        if (live != null && !live.isArray()) {
            throw PatchErrors.expectedList(live);
        }
        if (patchList != null && !patchList.isArray()) {
            throw PatchErrors.expectedList(patchList);
        }
        FieldSchema field = schema.child(key);
        String mergeKey = field.mergeKey().orElse(null);
        List<JsonNode> patchItems = patchList == null ? List.of() : PatchValues.items(patchList);
        requireSameOrder(patchItems, order, mergeKey);
        if (live == null && patchList == null) {
            return;
        }
        ListMerge.Merged merged;
        if (patchList == null) {
            List<JsonNode> liveItems = PatchValues.items(live);
            merged = ListMerge.Merged.of(liveItems, liveItems);
        } else if (live == null) {
            merged = ListMerge.Merged.fromPatch(withoutDirectiveElements(patchItems), List.of());
        } else {
            merged = ListMerge.merge(PatchValues.items(live), patchItems, field, false);
        }
        ElementOrder.Partition partition = ElementOrder.partition(merged.items(), order, mergeKey);
        GoValue kind = GoValue.elementType(merged.liveView(), patchItems);
        List<JsonNode> ordered = ElementOrder.normalize(partition, order, merged.liveView(), mergeKey, kind);
        target.set(key, PatchValues.array(merged.finish(ordered)));
        patch.remove(key);
    }

    /**
     * The patch list's elements (leaving out {@code $patch: delete} ones) must appear in the
     * directive, in the same relative order.
     */
    private static void requireSameOrder(List<JsonNode> patchItems, List<JsonNode> order, String mergeKey) {
        if (order.isEmpty() || patchItems.isEmpty()) {
            return;
        }
        List<JsonNode> compared = new ArrayList<>();
        for (JsonNode item : patchItems) {
            if (mergeKey != null && !item.isObject()) {
                throw PatchErrors.expectedMap(item);
            }
            if (mergeKey == null || !isDeletion(item)) {
                compared.add(item);
            }
        }
        int patchIndex = 0;
        int orderIndex = 0;
        while (patchIndex < compared.size() && orderIndex < order.size()) {
            JsonNode item = compared.get(patchIndex);
            if (item.isObject() && item.has(Directives.PATCH)) {
                patchIndex++;
                continue;
            }
            if (sameElement(item, order.get(orderIndex), mergeKey)) {
                patchIndex++;
            }
            orderIndex++;
        }
        if (patchIndex < compared.size()) {
            throw PatchErrors.orderMismatch(patchItems, order);
        }
    }

    private static boolean sameElement(JsonNode item, JsonNode listed, String mergeKey) {
        if (mergeKey == null) {
            return GoValue.same(item, listed);
        }
        List<JsonNode> pair = List.of(item, listed);
        for (JsonNode map : pair) {
            if (!map.isObject()) {
                throw PatchErrors.expectedMap(map);
            }
        }
        for (JsonNode map : pair) {
            if (!map.has(mergeKey)) {
                throw PatchErrors.noMergeKey(map, mergeKey);
            }
        }
        return GoValue.same(item.get(mergeKey), listed.get(mergeKey));
    }

    private static boolean isDeletion(JsonNode item) {
        JsonNode directive = item.get(Directives.PATCH);
        return directive != null && Directives.DELETE.equals(directive.textValue());
    }

    private static List<JsonNode> withoutDirectiveElements(List<JsonNode> items) {
        List<JsonNode> kept = new ArrayList<>();
        for (JsonNode item : items) {
            PatchValues.withoutDirectiveMaps(item).ifPresent(kept::add);
        }
        return kept;
    }
}
