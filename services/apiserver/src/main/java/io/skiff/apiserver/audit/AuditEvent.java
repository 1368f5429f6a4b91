package io.skiff.apiserver.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.authentication.UserInfo;
import io.skiff.model.json.KubeJson;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * One audit.k8s.io/v1 Event, as the JSON line the log backend writes. Built from what the filter
 * knows of a request at one stage.
 */
final class AuditEvent {

    /** Kubernetes' MicroTime: RFC 3339 with microseconds, in UTC. */
    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private AuditEvent() {}

    /** The parts of a request every event of it repeats. */
    record Request(
            String auditId,
            String requestUri,
            AuditAttributes attributes,
            String apiVersion,
            List<String> sourceIps,
            String userAgent,
            Instant received) {}

    /**
     * What the response is known to be at a stage; null fields are left out.
     *
     * @param requestMetadata the request body's metadata, which completes objectRef (a create names
     *     its object only there), as Kubernetes' LogRequestObject does
     */
    record Response(
            Integer code, JsonNode status, JsonNode requestObject, JsonNode responseObject, JsonNode requestMetadata) {}

    static byte[] line(
            Request request,
            AuditLevel level,
            AuditStage stage,
            Instant stageTime,
            Response response,
            Map<String, String> annotations) {
        ObjectNode event = KubeJson.mapper().createObjectNode();
        event.put("kind", "Event");
        event.put("apiVersion", "audit.k8s.io/v1");
        event.put("level", level.name());
        event.put("auditID", request.auditId());
        event.put("stage", stage.name());
        event.put("requestURI", request.requestUri());
        AuditAttributes attributes = request.attributes();
        event.put("verb", attributes.verb());
        event.set("user", user(attributes.user()));
        ArrayNode ips = event.putArray("sourceIPs");
        request.sourceIps().forEach(ips::add);
        if (request.userAgent() != null) {
            event.put("userAgent", request.userAgent());
        }
        if (attributes.resourceRequest()) {
            event.set("objectRef", objectRef(attributes, request.apiVersion(), response.requestMetadata()));
        }
        if (response.code() != null) {
            ObjectNode status = response.status() != null
                    ? bounded(response.status(), response.code())
                    : KubeJson.mapper().createObjectNode();
            if (response.status() == null) {
                status.putObject("metadata");
                status.put("code", response.code());
            }
            event.set("responseStatus", status);
        }
        if (response.requestObject() != null && level.atLeast(AuditLevel.Request)) {
            event.set("requestObject", response.requestObject());
        }
        if (response.responseObject() != null && level.atLeast(AuditLevel.RequestResponse)) {
            event.set("responseObject", response.responseObject());
        }
        event.put("requestReceivedTimestamp", MICRO_TIME.format(request.received()));
        event.put("stageTimestamp", MICRO_TIME.format(stageTime));
        if (!annotations.isEmpty()) {
            ObjectNode node = event.putObject("annotations");
            annotations.forEach(node::put);
        }
        try {
            byte[] json = KubeJson.mapper().writeValueAsBytes(event);
            byte[] line = new byte[json.length + 1];
            System.arraycopy(json, 0, line, 0, json.length);
            line[json.length] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an audit event", e);
        }
    }

    private static ObjectNode user(UserInfo user) {
        ObjectNode node = KubeJson.mapper().createObjectNode();
        node.put("username", user.name());
        if (user.uid() != null && !user.uid().isEmpty()) {
            node.put("uid", user.uid());
        }
        ArrayNode groups = node.putArray("groups");
        user.groups().forEach(groups::add);
        return node;
    }

    private static ObjectNode objectRef(AuditAttributes attributes, String apiVersion, JsonNode metadata) {
        JsonNode meta = metadata == null ? KubeJson.mapper().missingNode() : metadata;
        ObjectNode ref = KubeJson.mapper().createObjectNode();
        putIfNotEmpty(ref, "resource", attributes.resource());
        putIfNotEmpty(
                ref,
                "namespace",
                either(attributes.namespace(), meta.path("namespace").asText("")));
        putIfNotEmpty(ref, "name", either(attributes.name(), meta.path("name").asText("")));
        putIfNotEmpty(ref, "uid", meta.path("uid").asText(""));
        putIfNotEmpty(ref, "apiGroup", attributes.apiGroup());
        putIfNotEmpty(ref, "apiVersion", apiVersion);
        putIfNotEmpty(ref, "resourceVersion", meta.path("resourceVersion").asText(""));
        putIfNotEmpty(ref, "subresource", attributes.subresource());
        return ref;
    }

    private static String either(String first, String second) {
        return first == null || first.isEmpty() ? second : first;
    }

    /** The Status fields Kubernetes copies into responseStatus; the rest of a Status is unbounded. */
    private static ObjectNode bounded(JsonNode status, int code) {
        ObjectNode node = KubeJson.mapper().createObjectNode();
        node.putObject("metadata");
        for (String field : List.of("status", "message", "reason", "details")) {
            if (status.hasNonNull(field)) {
                node.set(field, status.get(field));
            }
        }
        node.put("code", status.path("code").asInt(code));
        return node;
    }

    private static void putIfNotEmpty(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }
}
