package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The Pod registry strategy's PrepareForCreate (pkg/registry/core/pod/strategy.go). */
final class PodCreation {

    private static final String APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
    private static final String LOCALHOST_PREFIX = "localhost/";
    private static final int MAX_LOCALHOST_PROFILE_LENGTH = 4095;

    private PodCreation() {}

    static void prepare(ObjectNode pod) {
        // Kubernetes evaluates the QoS class before it replaces the status, so a class sent in the
        // request survives; only an absent one is computed.
        String qosClass = Json.text(Json.child(pod, "status"), "qosClass");
        if (qosClass.isEmpty()) {
            qosClass = PodQos.compute(pod);
        }
        ObjectNode status = pod.putObject("status");
        status.put("phase", "Pending");
        status.put("qosClass", qosClass);

        ObjectNode spec = Json.child(pod, "spec");
        if (spec == null) {
            return;
        }
        if (Json.hasElements(spec, "schedulingGates")) {
            ObjectNode condition = status.putArray("conditions").addObject();
            condition.put("type", "PodScheduled");
            condition.put("status", "False");
            condition.put("reason", "SchedulingGated");
            condition.put("message", "Scheduling is blocked due to non-empty scheduling gates");
            condition.putNull("lastProbeTime");
            condition.putNull("lastTransitionTime");
        }
        applyAffinityLabelKeys(pod, spec);
        syncAppArmor(pod, spec);
    }

    /**
     * matchLabelKeys and mismatchLabelKeys of pod (anti-)affinity terms become label selector
     * requirements on the pod's own label values.
     */
    private static void applyAffinityLabelKeys(ObjectNode pod, ObjectNode spec) {
        ObjectNode labels = Json.child(Json.child(pod, "metadata"), "labels");
        ObjectNode affinity = Json.child(spec, "affinity");
        for (String kind : List.of("podAffinity", "podAntiAffinity")) {
            ObjectNode podAffinity = Json.child(affinity, kind);
            for (ObjectNode term : Json.items(podAffinity, "requiredDuringSchedulingIgnoredDuringExecution")) {
                applyLabelKeys(term, labels);
            }
            for (ObjectNode weighted : Json.items(podAffinity, "preferredDuringSchedulingIgnoredDuringExecution")) {
                applyLabelKeys(Json.child(weighted, "podAffinityTerm"), labels);
            }
        }
    }

    private static void applyLabelKeys(ObjectNode term, ObjectNode labels) {
        ObjectNode selector = Json.child(term, "labelSelector");
        if (selector == null
                || labels == null
                || !(Json.hasElements(term, "matchLabelKeys") || Json.hasElements(term, "mismatchLabelKeys"))) {
            return;
        }
        addRequirements(selector, term.get("matchLabelKeys"), labels, "In");
        addRequirements(selector, term.get("mismatchLabelKeys"), labels, "NotIn");
    }

    private static void addRequirements(ObjectNode selector, JsonNode keys, ObjectNode labels, String operator) {
        if (keys == null || !keys.isArray()) {
            return;
        }
        for (JsonNode key : keys) {
            JsonNode value = labels.get(key.asText());
            if (value != null && value.isTextual()) {
                ArrayNode expressions = selector.get("matchExpressions") instanceof ArrayNode existing
                        ? existing
                        : selector.putArray("matchExpressions");
                ObjectNode requirement = expressions.addObject();
                requirement.put("key", key.asText());
                requirement.put("operator", operator);
                requirement.putArray("values").add(value.textValue());
            }
        }
    }

    /**
     * Keeps the deprecated per-container AppArmor annotations and the securityContext.appArmorProfile
     * fields in step, for clients that know only one of them (applyAppArmorVersionSkew).
     */
    private static void syncAppArmor(ObjectNode pod, ObjectNode spec) {
        if (Json.text(Json.child(spec, "os"), "name").equals("windows")) {
            return;
        }
        ObjectNode podProfile = Json.child(Json.child(spec, "securityContext"), "appArmorProfile");
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
            for (ObjectNode container : Json.items(spec, list)) {
                String key = APPARMOR_ANNOTATION_PREFIX + Json.text(container, "name");
                ObjectNode annotations = Json.child(Json.child(pod, "metadata"), "annotations");
                JsonNode annotation = annotations == null ? null : annotations.get(key);
                ObjectNode containerProfile = Json.child(Json.child(container, "securityContext"), "appArmorProfile");
                if (annotation == null) {
                    ObjectNode profile = containerProfile != null ? containerProfile : podProfile;
                    String value = annotationFor(profile);
                    if (!value.isEmpty()) {
                        ObjectNode created = Json.childOrCreate(Json.childOrCreate(pod, "metadata"), "annotations");
                        if (created != null) {
                            created.put(key, value);
                        }
                    }
                } else if (containerProfile == null) {
                    ObjectNode profile = profileFor(annotation.asText());
                    if (profile != null && !profile.equals(podProfile)) {
                        ObjectNode securityContext = Json.childOrCreate(container, "securityContext");
                        if (securityContext != null) {
                            securityContext.set("appArmorProfile", profile);
                        }
                    }
                }
            }
        }
    }

    private static String annotationFor(ObjectNode profile) {
        return switch (Json.text(profile, "type")) {
            case "RuntimeDefault" -> "runtime/default";
            case "Unconfined" -> "unconfined";
            case "Localhost" -> LOCALHOST_PREFIX + Json.text(profile, "localhostProfile");
            default -> "";
        };
    }

    /** The profile an annotation stands for; null when it names none or an invalid one. */
    private static ObjectNode profileFor(String annotation) {
        ObjectNode profile = JsonNodeFactory.instance.objectNode();
        if (annotation.equals("runtime/default")) {
            return profile.put("type", "RuntimeDefault");
        }
        if (annotation.equals("unconfined")) {
            return profile.put("type", "Unconfined");
        }
        if (annotation.startsWith(LOCALHOST_PREFIX)) {
            String name = annotation.substring(LOCALHOST_PREFIX.length());
            boolean valid =
                    !name.isBlank() && name.strip().equals(name) && name.length() <= MAX_LOCALHOST_PROFILE_LENGTH;
            if (!valid) {
                return null;
            }
            return profile.put("type", "Localhost").put("localhostProfile", name);
        }
        return null;
    }
}
