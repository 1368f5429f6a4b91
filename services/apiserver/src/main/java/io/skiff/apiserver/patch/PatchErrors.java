package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import java.util.List;

/**
 * The errors of a malformed strategic merge patch, worded as k8s.io/apimachinery's strategicpatch
 * and mergepatch packages word them. kube-apiserver answers most of them as a bare Go error, a 500
 * without a reason; they are all faults of the request, so here they are 400 BadRequest, except lists
 * of lists, which Kubernetes itself rejects as 422.
 */
final class PatchErrors {

    private static final String MAP_TYPE = GoValue.MAP.goName;
    private static final String SLICE_TYPE = GoValue.SLICE.goName;

    private PatchErrors() {}

    /** The patch body must decode into a JSON object, as for {@code json.Unmarshal} into a map. */
    static ApiException notAnObject(JsonNode patch) {
        String found = switch (GoValue.of(patch)) {
            case SLICE -> "array";
            case STRING -> "string";
            case BOOL -> "bool";
            default -> "number";
        };
        return bad("json: cannot unmarshal " + found + " into Go value of type " + MAP_TYPE);
    }

    static ApiException noMergeKey(JsonNode map, String mergeKey) {
        return bad("map: " + GoFormat.v(map) + " does not contain declared merge key: " + mergeKey);
    }

    static ApiException expectedMap(JsonNode actual) {
        return badArgType(MAP_TYPE, actual);
    }

    static ApiException expectedList(JsonNode actual) {
        return badArgType(SLICE_TYPE, actual);
    }

    private static ApiException badArgType(String expected, JsonNode actual) {
        return bad("expected a " + expected + ", but received a " + GoValue.of(actual).goName);
    }

    static ApiException unknownPatchType(JsonNode directive, JsonNode map) {
        return bad("unknown patch type: " + GoFormat.s(directive) + " in map: " + GoFormat.v(map));
    }

    static ApiException mergeDirectiveInList() {
        return bad("merging lists cannot yet be specified in the patch");
    }

    static ApiException noMergeKeyDeclared() {
        return bad("cannot merge lists without merge key for struct");
    }

    static ApiException notAMap(int index) {
        return bad("value for key " + index + " is not a map.");
    }

    static ApiException mixedElementTypes(List<List<JsonNode>> lists) {
        return bad("list element types are not identical: " + GoFormat.lists(lists));
    }

    static ApiException noElements() {
        return bad("no elements in any of the given slices");
    }

    static ApiException badPrimitiveListFormat() {
        return bad("invalid patch format of primitive list");
    }

    static ApiException badRetainKeysFormat() {
        return bad("invalid patch format of retainKeys");
    }

    static ApiException badSetElementOrderFormat() {
        return bad("invalid patch format of setElementOrder list");
    }

    static ApiException orderMismatch(List<JsonNode> patchList, List<JsonNode> order) {
        return bad("The order in patch list:\n" + GoFormat.list(patchList, false) + "\n doesn't match "
                + Directives.SET_ELEMENT_ORDER + " list:\n" + GoFormat.list(order, false) + "\n");
    }

    /** kube-apiserver's generic 422 for {@code mergepatch.ErrNoListOfLists}. */
    static ApiException listOfLists() {
        StatusCause cause = new StatusCause();
        cause.setReason("UnexpectedServerResponse");
        cause.setMessage("lists of lists are not supported");
        StatusDetails details = new StatusDetails();
        details.setCauses(List.of(cause));
        return Statuses.failure(
                422, "Invalid", "the server rejected our request due to an error in our request", details);
    }

    private static ApiException bad(String message) {
        return Statuses.badRequest(message);
    }
}
