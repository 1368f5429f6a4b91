package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;

/**
 * Merges a patch map into a live map (strategicpatch's {@code mergeMap}, with the options
 * kube-apiserver uses: parallel lists applied, nulls for absent keys ignored). Both maps are
 * consumed: the live one becomes the result, the patch loses its directives on the way.
 */
final class MapMerge {

    private MapMerge() {}

    /** The merged map: {@code live} itself, or a new map when the patch replaces or deletes it. */
    static ObjectNode merge(ObjectNode live, ObjectNode patch, FieldSchema schema) {
        if (patch.has(Directives.PATCH)) {
            return mapDirective(patch);
        }
        retainKeys(live, patch);
        SetElementOrder.apply(live, patch, schema);
        for (String key : PatchValues.fieldNames(patch)) {
            mergeField(live, key, patch.get(key), schema);
        }
        return live;
    }

    /** {@code $patch} on a map: replace it by the patch's content, or empty it. */
    private static ObjectNode mapDirective(ObjectNode patch) {
        JsonNode directive = patch.get(Directives.PATCH);
        if (Directives.REPLACE.equals(directive.textValue())) {
            patch.remove(Directives.PATCH);
            return (ObjectNode) PatchValues.verbatim(patch);
        }
        if (Directives.DELETE.equals(directive.textValue())) {
            return JsonNodeFactory.instance.objectNode();
        }
        throw PatchErrors.unknownPatchType(directive, patch);
    }

    /**
     * {@code $retainKeys}: live keys not listed are cleared. Every non-null field of the patch must
     * be listed, or the patch is refused.
     */
    private static void retainKeys(ObjectNode target, ObjectNode patch) {
        if (!patch.has(Directives.RETAIN_KEYS)) {
            return;
        }
        JsonNode listed = patch.remove(Directives.RETAIN_KEYS);
        if (!listed.isArray()) {
            throw PatchErrors.badRetainKeysFormat();
        }
        Set<String> retained = new HashSet<>();
        listed.forEach(key -> {
            if (key.isTextual()) {
                retained.add(key.textValue());
            }
        });
        patch.properties().forEach(field -> {
            String key = field.getKey();
            boolean exempt = field.getValue().isNull()
                    || key.startsWith(Directives.DELETE_FROM_PRIMITIVE_LIST)
                    || key.startsWith(Directives.SET_ELEMENT_ORDER);
            if (!exempt && !retained.contains(key)) {
                throw PatchErrors.badRetainKeysFormat();
            }
        });
        target.properties().removeIf(field -> !retained.contains(field.getKey()));
    }

    private static void mergeField(ObjectNode target, String patchKey, JsonNode patchValue, FieldSchema schema) {
        String key = patchKey;
        boolean deleteList = patchKey.startsWith(Directives.DELETE_FROM_PRIMITIVE_LIST);
        if (deleteList) {
            key = Directives.fieldOf(patchKey, Directives.DELETE_FROM_PRIMITIVE_LIST);
            if (key == null) {
                throw PatchErrors.badPrimitiveListFormat();
            }
        }
        if (patchValue.isNull()) {
            target.remove(key);
            return;
        }
        JsonNode live = target.get(key);
        GoValue type = GoValue.of(patchValue);
        if (GoValue.of(live) != type) {
            if (!deleteList) {
                adopt(target, key, patchValue);
            }
            return;
        }
        FieldSchema field = schema.child(key);
        switch (type) {
            case MAP ->
                target.set(
                        key,
                        field.strategy() == PatchStrategy.REPLACE
                                ? PatchValues.verbatim(patchValue)
                                : merge((ObjectNode) live, (ObjectNode) patchValue, field));
            case SLICE -> {
                ListMerge.Merged merged =
                        ListMerge.merge(PatchValues.items(live), PatchValues.items(patchValue), field, deleteList);
                target.set(key, PatchValues.array(merged.finish(merged.items())));
            }
            default -> target.set(key, patchValue);
        }
    }

    /** A field the live map lacks (or holds with another type) takes the patch's value. */
    private static void adopt(ObjectNode target, String key, JsonNode patchValue) {
        boolean hadElements = patchValue.isArray() && !patchValue.isEmpty();
        PatchValues.adopt(patchValue)
                // A list of nothing but directives leaves nothing: Kubernetes decodes the empty
                // list into an omitempty field and writes the object out without it, a no-op.
                .filter(value -> !(hadElements && value.isArray() && value.isEmpty()))
                .ifPresentOrElse(value -> target.set(key, value), () -> target.remove(key));
    }
}
