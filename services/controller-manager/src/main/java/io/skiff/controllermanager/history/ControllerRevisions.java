package io.skiff.controllermanager.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.skiff.model.json.KubeJson;
import io.skiff.model.time.KubeTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What pkg/controller/history knows about ControllerRevisions: their names ({@code <owner>-<hash>}),
 * the hash of their data, their order, and the data DaemonSets and StatefulSets store in them — a
 * strategic merge patch that puts back the pod template, {@code {"spec":{"template":{...,
 * "$patch":"replace"}}}}. Data is compared in a canonical JSON form (keys sorted, no whitespace, as
 * Go's encoding/json writes maps), so a revision read back from the API server equals the one
 * written.
 */
public final class ControllerRevisions {

    /** The label holding the hash of a revision's data (history.ControllerRevisionHashLabel). */
    public static final String HASH_LABEL = "controller.kubernetes.io/hash";

    /** The label DaemonSet and StatefulSet pods carry to name their revision (apps/v1 ControllerRevisionHashLabelKey). */
    public static final String REVISION_LABEL = "controller-revision-hash";

    /** Names stay within 253 characters: the owner's name is cut to 223 (history.ControllerRevisionName). */
    private static final int MAX_PREFIX = 223;

    private ControllerRevisions() {}

    /** {@code prefix-hash}, the prefix cut to 223 characters. */
    public static String name(String prefix, String hash) {
        return (prefix.length() > MAX_PREFIX ? prefix.substring(0, MAX_PREFIX) : prefix) + "-" + hash;
    }

    /**
     * The data a DaemonSet or StatefulSet revision stores for {@code template}: the patch that
     * replaces spec.template with it (getPatch), as sorted maps.
     */
    public static Map<String, Object> templatePatch(PodTemplateSpec template) {
        @SuppressWarnings("unchecked")
        Map<String, Object> templateJson =
                (Map<String, Object>) canonical(KubeJson.mapper().valueToTree(template));
        Map<String, Object> withReplace = new TreeMap<>(templateJson);
        withReplace.put("$patch", "replace");
        Map<String, Object> spec = new TreeMap<>();
        spec.put("template", withReplace);
        Map<String, Object> patch = new TreeMap<>();
        patch.put("spec", spec);
        return patch;
    }

    /** The pod template a revision made by {@link #templatePatch} restores (ApplyRevision for this patch shape). */
    public static Optional<PodTemplateSpec> templateOf(ControllerRevision revision) {
        JsonNode template =
                KubeJson.mapper().valueToTree(revision.getData()).path("spec").path("template");
        if (!template.isObject()) {
            return Optional.empty();
        }
        com.fasterxml.jackson.databind.node.ObjectNode copy =
                ((com.fasterxml.jackson.databind.node.ObjectNode) template).deepCopy();
        copy.remove("$patch");
        return Optional.of(KubeJson.mapper().convertValue(copy, PodTemplateSpec.class));
    }

    /** {@code data} as compact JSON with every object's keys sorted. */
    public static byte[] canonicalJson(Object data) {
        try {
            return KubeJson.mapper()
                    .writeValueAsBytes(canonical(KubeJson.mapper().valueToTree(data)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("revision data cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The hash of a revision's data, with the collision count mixed in when given
     * (HashControllerRevision: FNV-1 over the data, then the count in decimal).
     */
    public static String hash(Object data, Integer collisionCount) {
        byte[] bytes = canonicalJson(data);
        int sum = collisionCount == null
                ? Hashes.fnv1(bytes)
                : Hashes.fnv1(bytes, Hashes.utf8(Integer.toString(collisionCount)));
        return Hashes.safeEncode(sum);
    }

    /** Whether two revisions store the same data (EqualRevision). */
    public static boolean sameData(ControllerRevision a, ControllerRevision b) {
        return Arrays.equals(canonicalJson(a.getData()), canonicalJson(b.getData()));
    }

    /** The revisions among {@code revisions} equal to {@code needle}, in their order (FindEqualRevisions). */
    public static List<ControllerRevision> findEqual(List<ControllerRevision> revisions, ControllerRevision needle) {
        byte[] wanted = canonicalJson(needle.getData());
        List<ControllerRevision> equal = new ArrayList<>();
        for (ControllerRevision revision : revisions) {
            if (Arrays.equals(canonicalJson(revision.getData()), wanted)) {
                equal.add(revision);
            }
        }
        return equal;
    }

    /** By revision number, then creation time, then name (history's byRevision). */
    public static Comparator<ControllerRevision> byRevision() {
        return Comparator.comparingLong(ControllerRevisions::revisionOf)
                .thenComparing(r -> created(r).orElse(Instant.MIN))
                .thenComparing(r -> r.getMetadata().getName());
    }

    /** One more than the highest revision number of sorted {@code revisions}, 1 for none (nextRevision). */
    public static long nextRevision(List<ControllerRevision> sorted) {
        return sorted.isEmpty() ? 1 : revisionOf(sorted.get(sorted.size() - 1)) + 1;
    }

    /** The highest revision number among {@code revisions}, 0 for none. */
    public static long maxRevision(List<ControllerRevision> revisions) {
        return revisions.stream()
                .mapToLong(ControllerRevisions::revisionOf)
                .max()
                .orElse(0);
    }

    public static long revisionOf(ControllerRevision revision) {
        return revision.getRevision() == null ? 0 : revision.getRevision();
    }

    private static Optional<Instant> created(ControllerRevision revision) {
        return KubeTimes.parse(revision.getMetadata().getCreationTimestamp());
    }

    /** Sorted maps, lists and plain values, so that writing it gives the same bytes for the same content. */
    private static Object canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getValue().isNull()) {
                    sorted.put(field.getKey(), canonical(field.getValue()));
                }
            }
            return sorted;
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>(node.size());
            node.forEach(item -> items.add(canonical(item)));
            return items;
        }
        if (node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        return node.asText();
    }
}
