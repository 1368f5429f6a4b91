package io.skiff.apiserver.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What server-side apply does with client-side apply's {@code kubectl.kubernetes.io/last-applied-
 * configuration} annotation, so that kubectl can move an object between the two (Kubernetes'
 * lastAppliedManager and lastAppliedUpdater, for the field manager "kubectl" only):
 *
 * <ul>
 *   <li>the first {@code kubectl apply --server-side} of an object kubectl applied client-side may
 *       change fields the annotation recorded and the object still has, though
 *       kubectl-client-side-apply owns them: they are what kubectl applied before;
 *   <li>every such apply rewrites the annotation to the applied configuration, so that a later
 *       client-side {@code kubectl apply} computes its patch against what was applied last.
 * </ul>
 */
final class LastAppliedConfiguration {

    static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

    /** The only manager this holds for: other managers opt out by naming themselves. */
    static final String KUBECTL = "kubectl";

    /** Kubernetes' limit on the total size of an object's annotations. */
    private static final int MAX_ANNOTATIONS_BYTES = 256 * 1024;

    /** Go's encoding/json writes maps with sorted keys; kubectl's annotations look that way. */
    private static final ObjectWriter WRITER = KubeJson.mapper().writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);

    private LastAppliedConfiguration() {}

    /**
     * The fields whose conflicts the apply may override: those the annotation sets to the values
     * the object still has. Empty when there is no usable annotation.
     *
     * @param view the part of an object whose fields are owned
     */
    static Optional<FieldSet> allowedConflicts(
            ResourceType type, Position root, ObjectNode live, UnaryOperator<ObjectNode> view) {
        return annotation(live).flatMap(text -> {
            JsonNode lastApplied;
            try {
                lastApplied = KubeJson.mapper().readTree(text);
            } catch (JsonProcessingException e) {
                return Optional.empty();
            }
            if (!(lastApplied instanceof ObjectNode object)
                    || !type.apiVersion().equals(object.path("apiVersion").asText())) {
                return Optional.empty();
            }
            try {
                ConfigurationCheck.check(root, object);
            } catch (ConfigurationCheck.InvalidConfiguration e) {
                return Optional.empty();
            }
            FieldSets.Changes differences = FieldSets.compare(root, view.apply(object), view.apply(live));
            return Optional.of(FieldSets.of(root, view.apply(object))
                    .minus(differences.changed())
                    .minus(differences.removed()));
        });
    }

    /**
     * Rewrites the annotation of {@code applied} (modified in place) to the configuration, when
     * {@code live} had one: the configuration without the annotation itself, as compact JSON with
     * sorted keys and a final newline, as kubectl writes it; dropped if annotations would grow
     * over Kubernetes' limit.
     */
    static void update(ObjectNode live, ObjectNode applied, ObjectNode config) {
        if (annotation(live).isEmpty()) {
            return;
        }
        ObjectNode recorded = config.deepCopy();
        if (recorded.path("metadata").path("annotations") instanceof ObjectNode annotations) {
            annotations.remove(ANNOTATION);
        }
        String value;
        try {
            value = WRITER.writeValueAsString(recorded) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
        ObjectNode metadata = applied.get("metadata") instanceof ObjectNode m ? m : applied.putObject("metadata");
        ObjectNode annotations =
                metadata.get("annotations") instanceof ObjectNode a ? a : metadata.putObject("annotations");
        annotations.put(ANNOTATION, value);
        if (size(annotations) > MAX_ANNOTATIONS_BYTES) {
            annotations.remove(ANNOTATION);
        }
    }

    private static Optional<String> annotation(ObjectNode object) {
        JsonNode value = object.path("metadata").path("annotations").get(ANNOTATION);
        return value != null && value.isTextual() && !value.asText().isEmpty()
                ? Optional.of(value.asText())
                : Optional.empty();
    }

    private static long size(ObjectNode annotations) {
        long total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = annotations.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            total += e.getKey().length() + e.getValue().asText().length();
        }
        return total;
    }
}
