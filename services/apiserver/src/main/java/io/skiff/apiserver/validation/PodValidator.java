package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Pods: the spec on create and update, what an update may change, and status writes. */
final class PodValidator implements KindValidator {

    static final String UPDATABLE_FIELDS = "`spec.containers[*].image`,`spec.initContainers[*].image`,"
            + "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
            + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final FieldPath STATUS = FieldPath.root("status");
    private static final FieldPath ANNOTATIONS = FieldPath.of("metadata.annotations");
    private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
    private static final Set<String> SYSTEM_CONDITIONS = Set.of("PodScheduled", "Ready", "Initialized");
    private static final int DIFF_LIMIT = 10;
    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers");
    /** Fields an update may change, taken from the old spec before comparing the rest. */
    private static final List<String> MUNGED_FIELDS =
            List.of("activeDeadlineSeconds", "schedulingGates", "tolerations");
    /** What identifies a toleration; its tolerationSeconds may change. */
    private static final List<String> TOLERATION_IDENTITY = List.of("key", "operator", "value", "effect");

    @Override
    public void validate(ObjectNode pod, ObjectNode old, Causes causes) {
        JsonNode spec = spec(pod);
        JsonNode metadata = Json.object(pod, "metadata");
        PodSpecRules.validate(spec, SPEC, Json.string(metadata, "name"), causes);
        JsonNode annotations = Json.object(metadata, "annotations");
        String mirror = Json.text(annotations, MIRROR_ANNOTATION);
        if (mirror != null && Json.string(spec, "nodeName").isEmpty()) {
            causes.invalid(
                    ANNOTATIONS.key(MIRROR_ANNOTATION),
                    mirror,
                    "must set spec.nodeName if mirror pod annotation is set");
        }
        if (old == null) {
            if (!Json.isEmpty(Json.array(spec, "ephemeralContainers"))) {
                causes.forbidden(SPEC.child("ephemeralContainers"), "cannot be set on create");
            }
            if (!Json.string(spec, "nodeName").isEmpty() && !Json.isEmpty(Json.array(spec, "schedulingGates"))) {
                causes.forbidden(SPEC.child("nodeName"), "cannot be set until all schedulingGates have been cleared");
            }
            return;
        }
        validateMirrorAnnotationUpdate(annotations, Json.object(Json.object(old, "metadata"), "annotations"), causes);
        validateSpecUpdate(spec, spec(old), causes);
    }

    @Override
    public void validateStatus(ObjectNode pod, ObjectNode old, Causes causes) {
        validateMirrorAnnotationUpdate(
                Json.object(Json.object(pod, "metadata"), "annotations"),
                Json.object(Json.object(old, "metadata"), "annotations"),
                causes);
        JsonNode status = Json.object(pod, "status");
        JsonNode oldStatus = Json.object(old, "status");
        ArrayNode conditions = Json.array(status, "conditions");
        if (conditions != null) {
            for (int i = 0; i < conditions.size(); i++) {
                String type = Json.string(conditions.get(i), "type");
                if (!SYSTEM_CONDITIONS.contains(type)) {
                    causes.invalid(
                            STATUS.child("conditions").index(i).child("type"), type, NameRules.isQualifiedName(type));
                }
            }
        }
        String nominated = Json.string(status, "nominatedNodeName");
        if (!nominated.isEmpty() && !nominated.equals(Json.string(oldStatus, "nominatedNodeName"))) {
            causes.invalidAt(STATUS, "nominatedNodeName", nominated, NameRules.isDns1123Subdomain(nominated));
        }
        // The QoS class is computed once; a pod never changes class (Kubernetes sets it at creation).
        String oldQos = Json.string(oldStatus, "qosClass");
        if (!oldQos.isEmpty() && !oldQos.equals(Json.string(status, "qosClass"))) {
            causes.immutable(STATUS.child("qosClass"), Json.string(status, "qosClass"));
        }
        JsonNode oldSpec = spec(old);
        String restartPolicy = Json.stringOr(oldSpec, "restartPolicy", "Always");
        validateStateTransitions(
                Json.array(status, "containerStatuses"),
                Json.array(oldStatus, "containerStatuses"),
                restartPolicy,
                Set.of(),
                STATUS.child("containerStatuses"),
                causes);
        validateStateTransitions(
                Json.array(status, "initContainerStatuses"),
                Json.array(oldStatus, "initContainerStatuses"),
                restartPolicy,
                sidecarNames(oldSpec),
                STATUS.child("initContainerStatuses"),
                causes);
        validateStateTransitions(
                Json.array(status, "ephemeralContainerStatuses"),
                Json.array(oldStatus, "ephemeralContainerStatuses"),
                "Never",
                Set.of(),
                STATUS.child("ephemeralContainerStatuses"),
                causes);
        validateIps(Json.array(status, "podIPs"), STATUS.child("podIPs"), causes);
        ArrayNode hostIps = Json.array(status, "hostIPs");
        if (!Json.isEmpty(hostIps)) {
            String first = Json.string(hostIps.get(0), "ip");
            if (!Json.string(status, "hostIP").equals(first)) {
                causes.invalid(STATUS.child("hostIPs").index(0).child("ip"), first, "must be equal to `hostIP`");
            }
            validateIps(hostIps, STATUS.child("hostIPs"), causes);
        }
    }

    private static JsonNode spec(JsonNode pod) {
        JsonNode spec = Json.object(pod, "spec");
        return spec == null ? Json.EMPTY : spec;
    }

    /** Only images, the deadline, tolerations (added), scheduling gates (removed) and grace may change. */
    private static void validateSpecUpdate(JsonNode spec, JsonNode old, Causes causes) {
        for (String list : CONTAINER_LISTS) {
            if (Json.size(Json.array(spec, list)) != Json.size(Json.array(old, list))) {
                causes.forbidden(SPEC.child(list), "pod updates may not add or remove containers");
                return;
            }
        }
        if (!validateDeadlineUpdate(spec, old, causes)) {
            return;
        }
        validateOnlyAddedTolerations(Json.array(spec, "tolerations"), Json.array(old, "tolerations"), causes);
        validateOnlyDeletedSchedulingGates(
                Json.array(spec, "schedulingGates"), Json.array(old, "schedulingGates"), causes);
        if (Json.semanticEquals(spec, old)) {
            return;
        }
        ObjectNode munged = ((ObjectNode) spec).deepCopy();
        for (String list : CONTAINER_LISTS) {
            ArrayNode containers = Json.array(munged, list);
            ArrayNode oldContainers = Json.array(old, list);
            for (int i = 0; containers != null && i < containers.size(); i++) {
                JsonNode oldImage = oldContainers.get(i).get("image");
                if (containers.get(i) instanceof ObjectNode container) {
                    if (oldImage == null) {
                        container.remove("image");
                    } else {
                        container.set("image", oldImage);
                    }
                }
            }
        }
        for (String field : MUNGED_FIELDS) {
            copyField(old, munged, field);
        }
        long oldGrace = Json.longOr(old, "terminationGracePeriodSeconds", 0);
        if (oldGrace < 0 && Json.longOr(munged, "terminationGracePeriodSeconds", 0) == 1) {
            copyField(old, munged, "terminationGracePeriodSeconds");
        }
        if (!Json.isEmpty(Json.array(old, "schedulingGates"))) {
            validateGatedNodeSelector(munged, old, causes);
        }
        if (!Json.semanticEquals(munged, old)) {
            List<String> changed = new ArrayList<>();
            Json.differences(old, munged, "spec", changed, DIFF_LIMIT);
            causes.forbidden(
                    SPEC,
                    "pod updates may not change fields other than " + UPDATABLE_FIELDS + "\nchanged: "
                            + String.join(", ", changed));
        }
    }

    /** The deadline may be set, or lowered; returns false when the rest of the update check is moot. */
    private static boolean validateDeadlineUpdate(JsonNode spec, JsonNode old, Causes causes) {
        FieldPath path = SPEC.child("activeDeadlineSeconds");
        if (Json.hasNumber(spec, "activeDeadlineSeconds")) {
            long deadline = spec.get("activeDeadlineSeconds").longValue();
            if (deadline < 0 || deadline > FieldRules.MAX_INT32) {
                causes.invalid(path, deadline, NameRules.inclusiveRangeError(0, FieldRules.MAX_INT32));
                return false;
            }
            if (Json.hasNumber(old, "activeDeadlineSeconds")
                    && old.get("activeDeadlineSeconds").longValue() < deadline) {
                causes.invalid(path, deadline, "must be less than or equal to previous value");
                return false;
            }
        } else if (Json.hasNumber(old, "activeDeadlineSeconds")) {
            causes.invalid(path, null, "must not update from a positive integer to nil value");
        }
        return true;
    }

    /** Existing tolerations stay (only their tolerationSeconds may change); new ones may be added. */
    private static void validateOnlyAddedTolerations(ArrayNode tolerations, ArrayNode old, Causes causes) {
        if (old != null) {
            for (JsonNode existing : old) {
                if (!containsToleration(tolerations, existing)) {
                    causes.forbidden(
                            SPEC.child("tolerations"),
                            "existing toleration can not be modified except its tolerationSeconds");
                    return;
                }
            }
        }
    }

    private static boolean containsToleration(ArrayNode tolerations, JsonNode wanted) {
        if (tolerations == null) {
            return false;
        }
        for (JsonNode toleration : tolerations) {
            boolean same = true;
            for (String field : TOLERATION_IDENTITY) {
                same &= Json.string(toleration, field).equals(Json.string(wanted, field));
            }
            if (same) {
                return true;
            }
        }
        return false;
    }

    private static void validateOnlyDeletedSchedulingGates(ArrayNode gates, ArrayNode old, Causes causes) {
        if (gates == null) {
            return;
        }
        Set<String> existing = new HashSet<>();
        if (old != null) {
            old.forEach(gate -> existing.add(Json.string(gate, "name")));
        }
        for (int i = 0; i < gates.size(); i++) {
            String name = Json.string(gates.get(i), "name");
            if (!existing.contains(name)) {
                causes.forbidden(
                        SPEC.child("schedulingGates").index(i).child("name"),
                        "only deletion is allowed, but found new scheduling gate '" + name + "'");
            }
        }
    }

    /** A pod still held by scheduling gates may gain node selector terms, but not lose or change them. */
    private static void validateGatedNodeSelector(ObjectNode munged, JsonNode old, Causes causes) {
        JsonNode selector = munged.get("nodeSelector");
        JsonNode oldSelector = old.get("nodeSelector");
        if (Json.semanticEquals(selector, oldSelector)) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> entries = Json.fields(oldSelector);
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            JsonNode value = selector == null ? null : selector.get(entry.getKey());
            if (value == null || !value.asText().equals(entry.getValue().asText())) {
                causes.invalid(
                        SPEC.child("nodeSelector"),
                        selector,
                        "only additions to spec.nodeSelector are allowed (no mutations or deletions)");
                break;
            }
        }
        copyField(old, munged, "nodeSelector");
    }

    private static void copyField(JsonNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value == null) {
            to.remove(field);
        } else {
            to.set(field, value);
        }
    }

    /** Containers that may not restart may not come back from terminated. */
    private static void validateStateTransitions(
            ArrayNode statuses,
            ArrayNode oldStatuses,
            String restartPolicy,
            Set<String> restartable,
            FieldPath path,
            Causes causes) {
        if (restartPolicy.equals("Always") || oldStatuses == null || statuses == null) {
            return;
        }
        for (int i = 0; i < oldStatuses.size(); i++) {
            JsonNode oldStatus = oldStatuses.get(i);
            JsonNode terminated = Json.object(Json.object(oldStatus, "state"), "terminated");
            String name = Json.string(oldStatus, "name");
            if (terminated == null || restartable.contains(name)) {
                continue;
            }
            if (Json.longOr(terminated, "exitCode", 0) != 0 && restartPolicy.equals("OnFailure")) {
                continue;
            }
            for (JsonNode status : statuses) {
                if (name.equals(Json.string(status, "name"))
                        && Json.object(Json.object(status, "state"), "terminated") == null) {
                    causes.forbidden(path.index(i).child("state"), "may not be transitioned to non-terminated state");
                }
            }
        }
    }

    private static Set<String> sidecarNames(JsonNode spec) {
        ArrayNode initContainers = Json.array(spec, "initContainers");
        if (initContainers == null) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        for (JsonNode container : initContainers) {
            if ("Always".equals(Json.text(container, "restartPolicy"))) {
                names.add(Json.string(container, "name"));
            }
        }
        return names;
    }

    /** Pod or host IPs: valid, at most one per family, no duplicates. */
    private static void validateIps(ArrayNode ips, FieldPath path, Causes causes) {
        if (ips == null) {
            return;
        }
        boolean valid = true;
        for (int i = 0; i < ips.size(); i++) {
            String ip = Json.string(ips.get(i), "ip");
            if (!IpAddresses.isIp(ip)) {
                causes.invalid(path.index(i), ip, IpAddresses.INVALID_IP);
                valid = false;
            }
        }
        if (ips.size() > 1) {
            if (valid && (ips.size() > 2 || !isDualStack(ips))) {
                causes.invalid(path, ips, "may specify no more than one IP for each IP family");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < ips.size(); i++) {
                if (!seen.add(Json.string(ips.get(i), "ip"))) {
                    causes.duplicate(path.index(i), ips.get(i));
                }
            }
        }
    }

    private static boolean isDualStack(ArrayNode ips) {
        boolean v4 = false;
        boolean v6 = false;
        for (JsonNode ip : ips) {
            if (IpAddresses.isIpv4(Json.string(ip, "ip"))) {
                v4 = true;
            } else {
                v6 = true;
            }
        }
        return v4 && v6;
    }

    private static void validateMirrorAnnotationUpdate(JsonNode annotations, JsonNode old, Causes causes) {
        String before = Json.text(old, MIRROR_ANNOTATION);
        String after = Json.text(annotations, MIRROR_ANNOTATION);
        if (before != null && !before.equals(after)) {
            causes.forbidden(ANNOTATIONS.key(MIRROR_ANNOTATION), "may not remove or update mirror pod annotation");
        } else if (before == null && after != null) {
            causes.forbidden(ANNOTATIONS.key(MIRROR_ANNOTATION), "may not add mirror pod annotation");
        }
    }
}
