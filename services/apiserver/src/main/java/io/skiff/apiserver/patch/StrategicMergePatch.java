package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceType;

/**
 * Applies {@code application/strategic-merge-patch+json} patches as kube-apiserver does
 * (k8s.io/apimachinery/pkg/util/strategicpatch, Kubernetes 1.32): maps merge recursively and a null
 * removes a key; lists replace whole unless their field is tagged {@code patchStrategy:"merge"},
 * then lists of objects merge by merge key and lists of scalars as ordered sets; the directives
 * {@code $patch} (replace, delete), {@code $retainKeys}, {@code $deleteFromPrimitiveList/<field>}
 * and {@code $setElementOrder/<field>} are honoured; malformed patches and unknown directives are
 * answered with 400 BadRequest and Kubernetes' messages.
 *
 * <p>Kinds the {@link PatchSchema} does not know fall back to JSON merge patch (RFC 7386).
 * Kubernetes refuses strategic merge patches for them (custom resources) with 415; Skiff stays
 * lenient, so callers wanting Kubernetes' answer must check {@link PatchSchema#root} first.
 *
 * <p>Where Kubernetes relies on its typed decoding after the merge, this does the equivalent on the
 * JSON: directive keys and explicit nulls brought in by the patch do not reach the result. Fields
 * the schema does not describe merge like untagged ones, where Kubernetes would fail with "unable to
 * find api field".
 */
public final class StrategicMergePatch {

    private final PatchSchema schema;

    public StrategicMergePatch(PatchSchema schema) {
        this.schema = schema;
    }

    /**
     * Applies an application/strategic-merge-patch+json patch to a copy of original; 400 BadRequest
     * (ApiException via Statuses) for a malformed patch or unknown directive, never modifies original.
     */
    public ObjectNode apply(ResourceType type, ObjectNode original, JsonNode patch) {
        ObjectNode result = original == null ? JsonNodeFactory.instance.objectNode() : original.deepCopy();
        if (patch == null || patch.isNull()) {
            return result;
        }
        if (!patch.isObject()) {
            throw PatchErrors.notAnObject(patch);
        }
        ObjectNode consumed = (ObjectNode) patch.deepCopy();
        return schema.root(type)
                .map(root -> MapMerge.merge(result, consumed, root))
                .orElseGet(() -> JsonMergePatch.apply(result, consumed));
    }
}
