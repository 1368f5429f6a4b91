package io.skiff.apiserver.certificates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.authentication.UserInfo;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.time.KubeTimes;
import java.time.Instant;

/**
 * Kubernetes' CertificateSigningRequest strategies (pkg/registry/certificates/certificates): on
 * create the requester comes from the request's user, never from the body, and the status starts
 * empty; an update of the object keeps spec (and status); status and approval writes keep spec and
 * get their condition timestamps filled in.
 */
public final class CertificateSigningRequests {

    public static final String GROUP = "certificates.k8s.io";
    public static final String KIND = "CertificateSigningRequest";

    private static final String UNDECODABLE =
            "CertificateSigningRequest in version \"v1\" cannot be handled as a CertificateSigningRequest: ";

    private CertificateSigningRequests() {}

    public static boolean isCertificateSigningRequest(ResourceType type) {
        return GROUP.equals(type.group()) && KIND.equals(type.kind());
    }

    /**
     * Replaces spec.username, uid, groups and extra with those of {@code user} (PrepareForCreate).
     * The create strategy clears the status: nobody creates a pre-approved request. An update keeps
     * the stored spec, so stamping an applied configuration is harmless when it exists already.
     */
    public static void setRequester(ObjectNode csr, UserInfo user) {
        ObjectNode spec = csr.get("spec") instanceof ObjectNode s ? s : csr.putObject("spec");
        spec.remove(java.util.List.of("username", "uid", "groups", "extra"));
        spec.put("username", user.name());
        if (user.uid() != null && !user.uid().isEmpty()) {
            spec.put("uid", user.uid());
        }
        if (!user.groups().isEmpty()) {
            ArrayNode groups = spec.putArray("groups");
            user.groups().forEach(groups::add);
        }
    }

    /** What each update path of a CertificateSigningRequest keeps, in place; other kinds untouched. */
    public static void prepareForUpdate(
            ResourceType type, ObjectNode updated, ObjectNode old, String subresource, Instant now) {
        if (!isCertificateSigningRequest(type)) {
            return;
        }
        JsonNode oldSpec = old.get("spec");
        if (oldSpec == null) {
            updated.remove("spec");
        } else {
            updated.set("spec", oldSpec.deepCopy());
        }
        if (!subresource.isEmpty()) {
            populateConditionTimestamps(updated, old, now);
        }
    }

    /**
     * A new object for the approval subresource: the stored one with the conditions of {@code
     * requested}; labels and annotations may change as on any update.
     */
    public static ObjectNode withConditionsOf(ObjectNode current, ObjectNode requested) {
        ObjectNode updated = current.deepCopy();
        ObjectNode metadata = (ObjectNode) updated.path("metadata");
        JsonNode requestedMetadata = requested.path("metadata");
        for (String field : java.util.List.of("labels", "annotations", "resourceVersion")) {
            if (requestedMetadata.has(field)) {
                metadata.set(field, requestedMetadata.get(field));
            }
        }
        JsonNode requestedStatus = requested.get("status");
        if (requestedStatus != null && !requestedStatus.isNull() && !requestedStatus.isObject()) {
            throw Statuses.badRequest(UNDECODABLE + "status must be an object");
        }
        ObjectNode status = updated.get("status") instanceof ObjectNode s ? s : updated.putObject("status");
        JsonNode conditions = requested.path("status").get("conditions");
        if (conditions != null && !conditions.isNull() && !conditions.isArray()) {
            throw Statuses.badRequest(UNDECODABLE + "status.conditions must be a list");
        }
        if (conditions == null || conditions.isNull()) {
            status.remove("conditions");
        } else {
            status.set("conditions", conditions.deepCopy());
        }
        return updated;
    }

    /**
     * lastUpdateTime now where missing; lastTransitionTime kept from the stored condition of the same
     * type and status, else now.
     */
    private static void populateConditionTimestamps(ObjectNode updated, ObjectNode old, Instant now) {
        JsonNode conditions = updated.path("status").path("conditions");
        if (!conditions.isArray()) {
            return;
        }
        String stamp = KubeTimes.time(now);
        for (JsonNode node : conditions) {
            if (!(node instanceof ObjectNode condition)) {
                continue;
            }
            if (condition.path("lastUpdateTime").asText("").isEmpty()) {
                condition.put("lastUpdateTime", stamp);
            }
            if (condition.path("lastTransitionTime").asText("").isEmpty()) {
                String transition = stamp;
                for (JsonNode before : old.path("status").path("conditions")) {
                    if (before.path("type").equals(condition.path("type"))
                            && before.path("status").equals(condition.path("status"))
                            && !before.path("lastTransitionTime").asText("").isEmpty()) {
                        transition = before.path("lastTransitionTime").asText();
                        break;
                    }
                }
                condition.put("lastTransitionTime", transition);
            }
        }
    }
}
