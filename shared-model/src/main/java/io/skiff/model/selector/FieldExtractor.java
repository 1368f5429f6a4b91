package io.skiff.model.selector;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.model.catalog.ResourceType;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The selectable fields of a stored object, computed as Kubernetes' registries compute them
 * (ToSelectableFields / GetAttrs), so that {@link FieldSelector#matches} agrees with Kubernetes.
 * Reads the JSON tree directly: it runs on every write and every watch event.
 *
 * <p>Values are rendered as Go renders the typed field: a missing string is {@code ""}, a missing
 * number {@code "0"} and a missing boolean {@code "false"} (the Go zero values), numbers in
 * decimal and booleans as {@code true}/{@code false}. Cluster-scoped objects have no {@code
 * metadata.namespace} entry, which selectors then read as "".
 */
public final class FieldExtractor {

    private FieldExtractor() {}

    /** {@code metadata.name}, {@code metadata.namespace} when namespaced, and every label of the type. */
    public static Map<String, String> fields(ResourceType type, JsonNode object) {
        Map<String, String> fields = new HashMap<>(2 * (type.fieldSelectors().size() + 2));
        JsonNode metadata = object.path("metadata");
        fields.put("metadata.name", text(metadata.path("name")));
        if (type.namespaced()) {
            fields.put("metadata.namespace", text(metadata.path("namespace")));
        }
        switch (type.group() + "/" + type.kind()) {
            case "/Pod" -> pod(object, fields);
            case "/Node" ->
                fields.put("spec.unschedulable", bool(object.path("spec").path("unschedulable")));
            case "/Namespace" ->
                fields.put("status.phase", text(object.path("status").path("phase")));
            case "/Secret" -> fields.put("type", text(object.path("type")));
            case "/Service" -> {
                JsonNode spec = object.path("spec");
                fields.put("spec.clusterIP", text(spec.path("clusterIP")));
                fields.put("spec.type", text(spec.path("type")));
            }
            case "/ReplicationController" ->
                fields.put("status.replicas", number(object.path("status").path("replicas")));
            case "/Event" -> coreEvent(object, fields);
            case "events.k8s.io/Event" -> eventsEvent(object, fields);
            case "batch/Job" ->
                fields.put("status.successful", number(object.path("status").path("succeeded")));
            default -> {}
        }
        // selectable fields of custom resources are plain paths into the object
        for (String label : type.fieldSelectors()) {
            if (!fields.containsKey(label)) {
                fields.put(label, text(at(object, label)));
            }
        }
        return Collections.unmodifiableMap(fields);
    }

    private static void pod(JsonNode pod, Map<String, String> fields) {
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        fields.put("spec.nodeName", text(spec.path("nodeName")));
        fields.put("spec.restartPolicy", text(spec.path("restartPolicy")));
        fields.put("spec.schedulerName", text(spec.path("schedulerName")));
        // the deprecated serviceAccount is an alias honoured only when serviceAccountName is unset
        String serviceAccount = text(spec.path("serviceAccountName"));
        fields.put(
                "spec.serviceAccountName",
                serviceAccount.isEmpty() ? text(spec.path("serviceAccount")) : serviceAccount);
        fields.put("spec.hostNetwork", bool(spec.path("hostNetwork")));
        fields.put("status.phase", text(status.path("phase")));
        // the primary IP: podIPs[0] when set, else the legacy single podIP
        JsonNode podIPs = status.path("podIPs");
        fields.put(
                "status.podIP",
                podIPs.isArray() && !podIPs.isEmpty() ? text(podIPs.path(0).path("ip")) : text(status.path("podIP")));
        // accepted as a label but never filled in by Kubernetes, so it only ever equals ""
        fields.put("status.podIPs", "");
        fields.put("status.nominatedNodeName", text(status.path("nominatedNodeName")));
    }

    private static void coreEvent(JsonNode event, Map<String, String> fields) {
        JsonNode involved = event.path("involvedObject");
        fields.put("involvedObject.kind", text(involved.path("kind")));
        fields.put("involvedObject.namespace", text(involved.path("namespace")));
        fields.put("involvedObject.name", text(involved.path("name")));
        fields.put("involvedObject.uid", text(involved.path("uid")));
        fields.put("involvedObject.apiVersion", text(involved.path("apiVersion")));
        fields.put("involvedObject.resourceVersion", text(involved.path("resourceVersion")));
        fields.put("involvedObject.fieldPath", text(involved.path("fieldPath")));
        fields.put("reason", text(event.path("reason")));
        String reportingController = text(event.path("reportingComponent"));
        fields.put("reportingComponent", reportingController);
        fields.put("source", source(text(event.path("source").path("component")), reportingController));
        fields.put("type", text(event.path("type")));
    }

    /** The same fields under the names events.k8s.io/v1 gives them. */
    private static void eventsEvent(JsonNode event, Map<String, String> fields) {
        JsonNode regarding = event.path("regarding");
        fields.put("regarding.kind", text(regarding.path("kind")));
        fields.put("regarding.namespace", text(regarding.path("namespace")));
        fields.put("regarding.name", text(regarding.path("name")));
        fields.put("regarding.uid", text(regarding.path("uid")));
        fields.put("regarding.apiVersion", text(regarding.path("apiVersion")));
        fields.put("regarding.resourceVersion", text(regarding.path("resourceVersion")));
        fields.put("regarding.fieldPath", text(regarding.path("fieldPath")));
        fields.put("reason", text(event.path("reason")));
        String reportingController = text(event.path("reportingController"));
        fields.put("reportingController", reportingController);
        fields.put("source", source(text(event.path("deprecatedSource").path("component")), reportingController));
        fields.put("type", text(event.path("type")));
    }

    /** Events written through events.k8s.io have no source component; the reporter stands in. */
    private static String source(String component, String reportingController) {
        return component.isEmpty() ? reportingController : component;
    }

    private static JsonNode at(JsonNode object, String dottedPath) {
        JsonNode node = object;
        int start = 0;
        while (start <= dottedPath.length()) {
            int end = dottedPath.indexOf('.', start);
            if (end < 0) {
                end = dottedPath.length();
            }
            node = node.path(dottedPath.substring(start, end));
            start = end + 1;
        }
        return node;
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asText() : "";
    }

    private static String number(JsonNode node) {
        return node.isNumber() ? node.asText() : "0";
    }

    private static String bool(JsonNode node) {
        return node.isBoolean() && node.booleanValue() ? "true" : "false";
    }
}
