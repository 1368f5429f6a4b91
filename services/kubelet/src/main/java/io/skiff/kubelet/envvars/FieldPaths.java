package io.skiff.kubelet.envvars;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.model.downward.PodFieldLabels;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The downward API's field paths: which a fieldRef may name (Kubernetes'
 * ConvertDownwardAPIFieldLabel) and what the metadata ones read (fieldpath.ExtractFieldPathAsString).
 */
public final class FieldPaths {

    private FieldPaths() {}

    /** A path with a map key, {@code metadata.labels['app']}: the path and the key. */
    public record Subscripted(String path, String key) {}

    /**
     * The internal field path a pod fieldRef of {@code apiVersion} names.
     *
     * @throws IllegalArgumentException with Kubernetes' message for a version or path it refuses
     */
    public static String convertDownwardApiFieldLabel(String apiVersion, String fieldPath) {
        // the API server defaults the version; a pod read from a file may lack it
        if (apiVersion != null && !apiVersion.isEmpty() && !apiVersion.equals("v1")) {
            throw new IllegalArgumentException("unsupported pod version: " + apiVersion);
        }
        Subscripted subscripted = splitMaybeSubscripted(fieldPath);
        if (subscripted != null) {
            if (subscripted.path().equals("metadata.annotations")
                    || subscripted.path().equals("metadata.labels")) {
                return fieldPath;
            }
            throw new IllegalArgumentException("field label does not support subscript: " + fieldPath);
        }
        if (PodFieldLabels.ALL.contains(fieldPath)) {
            return fieldPath;
        }
        if (fieldPath.equals("spec.host")) {
            // old v1 clients send spec.host
            return "spec.nodeName";
        }
        throw new IllegalArgumentException("field label not supported: " + fieldPath);
    }

    /**
     * The value of a metadata field path: name, namespace, uid, labels and annotations (all, or one
     * key by subscript).
     *
     * @throws IllegalArgumentException {@code unsupported fieldPath: <path>} for anything else
     */
    public static String extract(Pod pod, String fieldPath) {
        ObjectMeta meta = pod.getMetadata();
        Subscripted subscripted = splitMaybeSubscripted(fieldPath);
        if (subscripted != null) {
            return switch (subscripted.path()) {
                case "metadata.annotations" -> orEmpty(valueOf(meta.getAnnotations(), subscripted.key()));
                case "metadata.labels" -> orEmpty(valueOf(meta.getLabels(), subscripted.key()));
                default ->
                    throw new IllegalArgumentException("fieldPath \"" + fieldPath + "\" does not support subscript");
            };
        }
        return switch (fieldPath) {
            case "metadata.annotations" -> formatMap(meta.getAnnotations());
            case "metadata.labels" -> formatMap(meta.getLabels());
            case "metadata.name" -> orEmpty(meta.getName());
            case "metadata.namespace" -> orEmpty(meta.getNamespace());
            case "metadata.uid" -> orEmpty(meta.getUid());
            default -> throw new IllegalArgumentException("unsupported fieldPath: " + fieldPath);
        };
    }

    /** Kubernetes' FormatMap: {@code key="value"} lines in key order, values quoted as Go's %q. */
    public static String formatMap(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return "";
        }
        StringJoiner lines = new StringJoiner("\n");
        for (Map.Entry<String, String> entry : new TreeMap<>(map).entrySet()) {
            lines.add(entry.getKey() + "=" + GoQuote.quote(orEmpty(entry.getValue())));
        }
        return lines.toString();
    }

    /** {@code path['key']} split in two, or null when the path has no subscript. */
    public static Subscripted splitMaybeSubscripted(String fieldPath) {
        if (!fieldPath.endsWith("']")) {
            return null;
        }
        String body = fieldPath.substring(0, fieldPath.length() - 2);
        int open = body.indexOf("['");
        if (open <= 0) {
            return null;
        }
        return new Subscripted(body.substring(0, open), body.substring(open + 2));
    }

    private static String valueOf(Map<String, String> map, String key) {
        return map == null ? null : map.get(key);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
