package io.skiff.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.CompatibilityFlags;
import io.fabric8.zjsonpatch.JsonPatch;
import io.skiff.apiserver.patch.JsonMergePatch;
import io.skiff.apiserver.patch.PatchSchema;
import io.skiff.apiserver.patch.StrategicMergePatch;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import java.util.EnumSet;

/** The patch formats Kubernetes accepts, applied to an object's JSON tree. */
public final class Patches {

    public static final String JSON_PATCH = "application/json-patch+json";
    public static final String MERGE_PATCH = "application/merge-patch+json";
    public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    public static final String APPLY_PATCH = "application/apply-patch+yaml";

    private static final StrategicMergePatch STRATEGIC = new StrategicMergePatch(PatchSchema.builtin());

    private Patches() {}

    /**
     * Whether a PATCH with this content type is applied here; server-side apply ({@link #APPLY_PATCH})
     * is not a patch of the stored object but a merge with field ownership, see {@code FieldManager}.
     */
    public static boolean isSupported(String contentType) {
        return contentType.equals(JSON_PATCH)
                || contentType.equals(MERGE_PATCH)
                || contentType.equals(STRATEGIC_MERGE_PATCH);
    }

    /** Applies {@code patch} of the given content type to a copy of {@code target}. */
    public static ObjectNode apply(ResourceType type, String contentType, JsonNode patch, ObjectNode target) {
        JsonNode result = switch (contentType) {
            case JSON_PATCH -> jsonPatch(patch, target);
            case MERGE_PATCH -> mergePatch(target, patch);
            case STRATEGIC_MERGE_PATCH -> STRATEGIC.apply(type, target, patch);
            default -> throw Statuses.unsupportedMediaType(contentType);
        };
        if (!(result instanceof ObjectNode object)) {
            throw Statuses.badRequest("the patch did not produce an object");
        }
        return object;
    }

    private static JsonNode jsonPatch(JsonNode patch, ObjectNode target) {
        if (!patch.isArray()) {
            throw Statuses.badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }
        try {
            // Removing a key that is not there fails in Kubernetes' json-patch ("Unable to remove
            // nonexistent key"); zjsonpatch lets it pass unless told, and the rest of the patch applies.
            return JsonPatch.apply(patch, target, EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT));
        } catch (RuntimeException e) {
            // zjsonpatch reports some patches that do not apply (an object operation on an array,
            // a bad index) with unchecked exceptions of its own choosing: they are the patch's fault.
            throw Statuses.failure(
                    422,
                    "Invalid",
                    "the server rejected our request due to an error in our request: " + e.getMessage(),
                    null);
        }
    }

    /** RFC 7386, shared with the strategic merge patch's fallback for kinds without patch metadata. */
    private static ObjectNode mergePatch(ObjectNode target, JsonNode patch) {
        if (!patch.isObject()) {
            throw Statuses.badRequest("a JSON merge patch must be an object");
        }
        return JsonMergePatch.apply(target.deepCopy(), (ObjectNode) patch);
    }
}
