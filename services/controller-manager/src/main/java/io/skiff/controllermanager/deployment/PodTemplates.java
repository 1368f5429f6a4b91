package io.skiff.controllermanager.deployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.skiff.controllermanager.history.Hashes;
import io.skiff.model.json.KubeJson;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Pod templates as the deployment controller compares and names them: equality ignoring the
 * pod-template-hash label (EqualIgnoreHash), and the hash itself (controller.ComputeHash).
 *
 * <p>Both work on a canonical form of the template: its JSON with object keys sorted and without
 * nulls, empty lists or empty objects, so that a field left out and the same field written empty
 * compare equal (as apimachinery's semantic equality treats nil and empty slices and maps).
 */
final class PodTemplates {

    /** The label that ties a ReplicaSet and its pods to one template (apps.DefaultDeploymentUniqueLabelKey). */
    static final String HASH_LABEL = "pod-template-hash";

    private static final ObjectMapper MAPPER = KubeJson.mapper();

    private PodTemplates() {}

    /** Whether two templates are the same once the pod-template-hash label is set aside. */
    static boolean equalIgnoringHash(PodTemplateSpec a, PodTemplateSpec b) {
        return canonical(a).equals(canonical(b));
    }

    /**
     * The pod-template-hash of {@code template}, as controller.ComputeHash builds it: the FNV-1a
     * 32-bit hash of the template, then of the collision count as 8 little-endian bytes when there is
     * one, printed in decimal and re-encoded with rand.SafeEncodeString.
     *
     * <p>Kubernetes feeds the hash a go-spew dump of its Go structs, which depends on the Go type
     * layout of each release (so hashes already differ between Kubernetes versions, and the
     * controller never relies on them to find a ReplicaSet); here it is fed the canonical JSON.
     */
    static String hash(PodTemplateSpec template, Integer collisionCount) {
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(canonical(template));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode a pod template to hash it", e);
        }
        return Hashes.templateHash(json, collisionCount);
    }

    /** The template's canonical JSON with the hash label removed. */
    static JsonNode canonical(PodTemplateSpec template) {
        JsonNode tree = template == null ? JsonNodeFactory.instance.objectNode() : MAPPER.valueToTree(template);
        if (tree.path("metadata").path("labels") instanceof ObjectNode labels) {
            labels.remove(HASH_LABEL);
        }
        JsonNode normalized = normalize(tree);
        return normalized == null ? JsonNodeFactory.instance.objectNode() : normalized;
    }

    /** Sorted keys; nulls, empty lists and empty objects dropped (null when nothing is left). */
    private static JsonNode normalize(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            Collections.sort(names);
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                JsonNode value = normalize(node.get(name));
                if (value != null) {
                    sorted.set(name, value);
                }
            }
            return sorted.isEmpty() ? null : sorted;
        }
        if (node.isArray()) {
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : node) {
                JsonNode value = normalize(item);
                // Positions matter in a list: an empty element stays, as an empty object.
                items.add(value == null ? JsonNodeFactory.instance.objectNode() : value);
            }
            return items.isEmpty() ? null : items;
        }
        return node;
    }
}
