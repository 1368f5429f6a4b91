package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.model.downward.PodFieldLabels;
import java.util.List;
import java.util.Locale;

/** References to a pod's own fields and resources, in environment variables and downward API volumes. */
final class DownwardApiRules {

    /** The fields an environment variable may read, sorted as Kubernetes lists them. */
    static final List<String> ENV_FIELDS = List.of(
            "metadata.name",
            "metadata.namespace",
            "metadata.uid",
            "spec.nodeName",
            "spec.serviceAccountName",
            "status.hostIP",
            "status.hostIPs",
            "status.podIP",
            "status.podIPs");

    /** The fields a downward API volume file may hold. */
    static final List<String> VOLUME_FIELDS =
            List.of("metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid");

    private static final List<String> RESOURCE_FIELDS = List.of(
            "limits.cpu",
            "limits.ephemeral-storage",
            "limits.memory",
            "requests.cpu",
            "requests.ephemeral-storage",
            "requests.memory");

    private DownwardApiRules() {}

    /** {@code validateObjectFieldSelector}: a {@code fieldRef}. */
    static void validateFieldRef(JsonNode fieldRef, List<String> allowed, FieldPath path, Causes causes) {
        String apiVersion = Json.stringOr(fieldRef, "apiVersion", "v1");
        String fieldPath = Json.string(fieldRef, "fieldPath");
        if (fieldPath.isEmpty()) {
            causes.required(path.child("fieldPath"), "");
            return;
        }
        if (!apiVersion.equals("v1")) {
            causes.invalid(
                    path.child("fieldPath"),
                    fieldPath,
                    "error converting fieldPath: unsupported pod version: " + apiVersion);
            return;
        }
        String[] subscripted = splitSubscript(fieldPath);
        if (subscripted != null) {
            switch (subscripted[0]) {
                case "metadata.annotations" ->
                    causes.invalid(
                            path,
                            subscripted[1].toLowerCase(Locale.ROOT),
                            NameRules.isQualifiedName(subscripted[1].toLowerCase(Locale.ROOT)));
                case "metadata.labels" ->
                    causes.invalid(path, subscripted[1], NameRules.isQualifiedName(subscripted[1]));
                default ->
                    causes.invalid(
                            path.child("fieldPath"),
                            fieldPath,
                            "error converting fieldPath: field label does not support subscript: " + fieldPath);
            }
            return;
        }
        if (!PodFieldLabels.ALL.contains(fieldPath)) {
            causes.invalid(
                    path.child("fieldPath"),
                    fieldPath,
                    "error converting fieldPath: field label not supported: " + fieldPath);
        } else if (!allowed.contains(fieldPath)) {
            causes.notSupported(path.child("fieldPath"), fieldPath, allowed);
        }
    }

    /** {@code validateContainerResourceFieldSelector}: a {@code resourceFieldRef}. */
    static void validateResourceFieldRef(JsonNode resourceFieldRef, boolean inVolume, FieldPath path, Causes causes) {
        String resource = Json.string(resourceFieldRef, "resource");
        if (inVolume && Json.string(resourceFieldRef, "containerName").isEmpty()) {
            causes.required(path.child("containerName"), "");
        } else if (resource.isEmpty()) {
            causes.required(path.child("resource"), "");
        } else if (!RESOURCE_FIELDS.contains(resource)
                && !resource.startsWith("requests.hugepages-")
                && !resource.startsWith("limits.hugepages-")) {
            causes.notSupported(path.child("resource"), resource, RESOURCE_FIELDS);
        }
    }

    /** {@code fieldpath.SplitMaybeSubscriptedPath}: {@code metadata.labels['app']} as {path, key}. */
    private static String[] splitSubscript(String fieldPath) {
        if (!fieldPath.endsWith("']")) {
            return null;
        }
        String trimmed = fieldPath.substring(0, fieldPath.length() - 2);
        int open = trimmed.indexOf("['");
        if (open <= 0) {
            return null;
        }
        return new String[] {trimmed.substring(0, open), trimmed.substring(open + 2)};
    }
}
