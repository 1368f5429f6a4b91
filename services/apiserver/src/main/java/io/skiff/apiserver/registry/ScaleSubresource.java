package io.skiff.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.skiff.apiserver.apply.FieldOwner;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import io.skiff.model.selector.LabelSelector;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * The /scale subresource (autoscaling/v1 Scale) of workloads: a view of spec.replicas and of the
 * status replicas and selector, and a write of spec.replicas through it, as `kubectl scale` uses.
 */
public final class ScaleSubresource {

    /** autoscaling/v1 Scale, which the catalog does not serve as a resource of its own. */
    public static final ResourceType SCALE = new ResourceType(
            "autoscaling",
            "v1",
            "Scale",
            "scale",
            "scale",
            List.of(),
            true,
            List.of(),
            List.of(),
            List.of(),
            java.util.Set.of());

    private final ObjectRegistry registry;

    public ScaleSubresource(ObjectRegistry registry) {
        this.registry = registry;
    }

    public Mono<byte[]> get(ResourceType type, String namespace, String name) {
        return registry.get(type, namespace, name)
                .map(json -> ObjectRegistry.serialize(toScale(ObjectRegistry.parse(json))));
    }

    /** Replaces spec.replicas from a Scale (PUT), honouring its resourceVersion as a precondition. */
    public Mono<byte[]> update(
            ResourceType type, String namespace, String name, ObjectNode scale, FieldOwner owner, boolean dryRun) {
        String rv = scale.path("metadata").path("resourceVersion").asText("");
        Long precondition = rv.isEmpty() ? null : parseRevision(rv);
        int replicas = replicas(type, name, scale);
        return registry.guaranteedUpdate(
                        type,
                        namespace,
                        name,
                        precondition,
                        dryRun,
                        current -> withReplicas(type, current, replicas, owner, dryRun))
                .map(json -> ObjectRegistry.serialize(toScale(ObjectRegistry.parse(json))));
    }

    /** Applies a patch to the Scale view and writes the resulting replicas back (PATCH). */
    public Mono<byte[]> patch(
            ResourceType type,
            String namespace,
            String name,
            String contentType,
            JsonNode patch,
            FieldOwner owner,
            boolean dryRun) {
        return registry.guaranteedUpdate(type, namespace, name, null, dryRun, current -> {
                    ObjectNode scale = toScale(current.object());
                    ObjectNode patched = Patches.apply(SCALE, contentType, patch, scale);
                    ObjectRegistry.requireRevisionOf(type, name, patched, current);
                    return withReplicas(type, current, replicas(type, name, patched), owner, dryRun);
                })
                .map(json -> ObjectRegistry.serialize(toScale(ObjectRegistry.parse(json))));
    }

    /**
     * Server-side apply of an autoscaling/v1 Scale by {@code manager} (PATCH with
     * application/apply-patch+yaml): the workload's spec.replicas follows the Scale, and the
     * manager owns them through the subresource; conflicts with the other owners of spec.replicas
     * are 409 unless {@code force}. A resourceVersion in the Scale is a precondition. {@code
     * inspectScale} sees (and may prune or reject) the Scale once it is known to be one, as
     * Kubernetes checks the version of an apply patch before its fields.
     */
    public Mono<byte[]> apply(
            ResourceType type,
            String namespace,
            String name,
            ObjectNode scale,
            String manager,
            boolean force,
            boolean dryRun,
            Consumer<ObjectNode> inspectScale) {
        String apiVersion = scale.path("apiVersion").asText("");
        if (!apiVersion.equals(SCALE.apiVersion())) {
            throw Statuses.badRequest("Incorrect version specified in apply patch. Specified patch version: "
                    + apiVersion + ", expected: " + SCALE.apiVersion());
        }
        String kind = scale.path("kind").asText("");
        if (!kind.equals(SCALE.kind())) {
            throw Statuses.badRequest(
                    "Incorrect kind specified in apply patch. Specified patch kind: " + kind + ", expected: Scale");
        }
        String bodyName = scale.path("metadata").path("name").asText("");
        if (!bodyName.isEmpty() && !bodyName.equals(name)) {
            throw Statuses.badRequest(
                    "the name of the object (" + bodyName + ") does not match the name on the URL (" + name + ")");
        }
        inspectScale.accept(scale);
        replicas(type, name, scale);
        return registry.guaranteedUpdate(type, namespace, name, null, dryRun, current -> {
                    ObjectRegistry.requireRevisionOf(type, name, scale, current);
                    ObjectNode applied =
                            registry.fieldManager().applyToScale(type, current.object(), scale, manager, force);
                    return registry.prepareUpdate(type, applied, current, false, null, dryRun);
                })
                .map(json -> ObjectRegistry.serialize(toScale(ObjectRegistry.parse(json))));
    }

    private ObjectNode withReplicas(
            ResourceType type, ObjectRegistry.Current current, int replicas, FieldOwner owner, boolean dryRun) {
        ObjectNode updated = current.object().deepCopy();
        JsonNode spec = updated.get("spec");
        ObjectNode specNode = spec instanceof ObjectNode node ? node : updated.putObject("spec");
        if (specNode.path("replicas").asInt(-1) == replicas) {
            return null;
        }
        specNode.put("replicas", replicas);
        return registry.prepareUpdate(type, updated, current, false, owner, dryRun);
    }

    private static int replicas(ResourceType type, String name, ObjectNode scale) {
        JsonNode replicas = scale.path("spec").path("replicas");
        if (!replicas.isMissingNode() && !replicas.canConvertToInt()) {
            throw Statuses.badRequest("spec.replicas must be an integer");
        }
        int value = replicas.asInt(0);
        if (value < 0) {
            StatusCause cause = ObjectRegistry.cause(
                    "FieldValueInvalid",
                    "spec.replicas",
                    "Invalid value: " + value + ": must be greater than or equal to 0");
            throw Statuses.invalid("autoscaling", "Scale", name, List.of(cause));
        }
        return value;
    }

    /** The Scale view of a workload; status.selector in the label-selector string form. */
    static ObjectNode toScale(ObjectNode object) {
        ObjectNode scale = KubeJson.mapper().createObjectNode();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode metadata = scale.putObject("metadata");
        JsonNode source = object.path("metadata");
        for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (source.has(field)) {
                metadata.set(field, source.get(field));
            }
        }
        scale.putObject("spec")
                .put("replicas", object.path("spec").path("replicas").asInt(0));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", object.path("status").path("replicas").asInt(0));
        String selector = selectorString(object.path("spec").path("selector"));
        if (!selector.isEmpty()) {
            status.put("selector", selector);
        }
        return scale;
    }

    private static String selectorString(JsonNode selector) {
        if (!selector.isObject() || selector.isEmpty()) {
            return "";
        }
        if (!selector.has("matchLabels") && !selector.has("matchExpressions")) {
            // ReplicationControllers use a plain map of labels.
            StringBuilder out = new StringBuilder();
            for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.append(out.length() == 0 ? "" : ",")
                        .append(e.getKey())
                        .append('=')
                        .append(e.getValue().asText());
            }
            return LabelSelector.parse(out.toString()).toString();
        }
        try {
            return LabelSelector.fromApi(KubeJson.mapper()
                            .treeToValue(selector, io.fabric8.kubernetes.api.model.LabelSelector.class))
                    .toString();
        } catch (Exception e) {
            return "";
        }
    }

    private static long parseRevision(String rv) {
        try {
            return Long.parseLong(rv);
        } catch (NumberFormatException e) {
            throw Statuses.badRequest("invalid resourceVersion: " + rv);
        }
    }
}
