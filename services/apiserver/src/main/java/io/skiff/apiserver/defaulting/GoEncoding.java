package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Fields Kubernetes always writes because Go's encoding/json ignores {@code omitempty} on structs
 * and on fields declared without it. A freshly created Deployment reads back with {@code status:
 * {}}, a container with {@code resources: {}}, a pod template with {@code metadata:
 * {creationTimestamp: null}}; kubectl shows them, so Skiff stores them too.
 */
final class GoEncoding {

    private GoEncoding() {}

    /** A struct-typed field: present as at least {@code {}}. */
    static ObjectNode struct(ObjectNode parent, String field) {
        return Json.childOrCreate(parent, field);
    }

    /** Integer fields declared without omitempty: present as at least {@code 0}. */
    static void zeroInts(ObjectNode node, String... fields) {
        for (String field : fields) {
            Json.putIfNull(node, field, 0);
        }
    }

    /**
     * The ObjectMeta embedded in a template: its creationTimestamp is a struct, written as null when
     * unset.
     */
    static void embeddedMetadata(ObjectNode holder) {
        ObjectNode metadata = Json.childOrCreate(holder, "metadata");
        if (metadata != null && !metadata.has("creationTimestamp")) {
            metadata.putNull("creationTimestamp");
        }
    }
}
