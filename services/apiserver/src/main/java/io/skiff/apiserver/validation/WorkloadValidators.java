package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;

/**
 * Controllers that keep pods running from a template: Deployment, ReplicaSet, DaemonSet, StatefulSet,
 * ReplicationController, plus PodTemplate and ControllerRevision.
 */
final class WorkloadValidators {

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final FieldPath STATUS = FieldPath.root("status");
    private static final FieldPath TEMPLATE = SPEC.child("template");
    private static final String SELECTOR_MISMATCH = "`selector` does not match template `labels`";
    private static final JsonNode DEFAULT_DEPLOYMENT_SURGE = TextNode.valueOf("25%");
    private static final JsonNode DEFAULT_DAEMON_SET_UNAVAILABLE = IntNode.valueOf(1);
    private static final JsonNode ZERO = IntNode.valueOf(0);

    private WorkloadValidators() {}

    static final class DeploymentValidator implements KindValidator {
        @Override
        public void validate(ObjectNode deployment, ObjectNode old, Causes causes) {
            JsonNode spec = Json.object(deployment, "spec");
            FieldRules.nonNegative(spec, "replicas", SPEC, causes);
            validateSelectorAndTemplate(spec, causes);
            validateStrategy(Json.object(spec, "strategy"), SPEC.child("strategy"), causes);
            FieldRules.nonNegative(spec, "minReadySeconds", SPEC, causes);
            FieldRules.nonNegative(spec, "revisionHistoryLimit", SPEC, causes);
            if (Json.hasNumber(spec, "progressDeadlineSeconds")) {
                long deadline = spec.get("progressDeadlineSeconds").longValue();
                FieldRules.nonNegative(spec, "progressDeadlineSeconds", SPEC, causes);
                if (deadline <= Json.longOr(spec, "minReadySeconds", 0)) {
                    causes.invalid(
                            SPEC.child("progressDeadlineSeconds"), deadline, "must be greater than minReadySeconds");
                }
            }
            if (old != null) {
                FieldRules.immutable(spec, Json.object(old, "spec"), "selector", SPEC, causes);
            }
        }

        @Override
        public void validateStatus(ObjectNode deployment, ObjectNode old, Causes causes) {
            JsonNode status = Json.object(deployment, "status");
            nonNegative(
                    status,
                    causes,
                    "observedGeneration",
                    "replicas",
                    "updatedReplicas",
                    "readyReplicas",
                    "availableReplicas",
                    "unavailableReplicas",
                    "collisionCount");
            notAboveReplicas(status, causes, "updatedReplicas", "readyReplicas", "availableReplicas");
            notAboveReady(status, "cannot be greater than readyReplicas", causes);
            collisionCountNotDecremented(status, Json.object(old, "status"), causes);
        }

        /** RollingUpdate by default; Recreate without rolling parameters; never both surge and unavailable 0. */
        private static void validateStrategy(JsonNode strategy, FieldPath path, Causes causes) {
            String type = Json.stringOr(strategy, "type", "RollingUpdate");
            JsonNode rollingUpdate = Json.object(strategy, "rollingUpdate");
            switch (type) {
                case "Recreate" -> {
                    if (rollingUpdate != null) {
                        causes.forbidden(
                                path.child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'");
                    }
                }
                case "RollingUpdate" -> {
                    FieldPath rollingPath = path.child("rollingUpdate");
                    JsonNode maxUnavailable = valueOr(rollingUpdate, "maxUnavailable", DEFAULT_DEPLOYMENT_SURGE);
                    JsonNode maxSurge = valueOr(rollingUpdate, "maxSurge", DEFAULT_DEPLOYMENT_SURGE);
                    FieldRules.intOrPercent(maxUnavailable, rollingPath.child("maxUnavailable"), causes);
                    FieldRules.intOrPercent(maxSurge, rollingPath.child("maxSurge"), causes);
                    if (FieldRules.intOrPercentValue(maxUnavailable) == 0
                            && FieldRules.intOrPercentValue(maxSurge) == 0) {
                        causes.invalid(
                                rollingPath.child("maxUnavailable"),
                                maxUnavailable,
                                "may not be 0 when `maxSurge` is 0");
                    }
                    FieldRules.notMoreThan100Percent(maxUnavailable, rollingPath.child("maxUnavailable"), causes);
                }
                default -> causes.notSupported(path, strategy, List.of("Recreate", "RollingUpdate"));
            }
        }
    }

    static final class ReplicaSetValidator implements KindValidator {
        @Override
        public void validate(ObjectNode replicaSet, ObjectNode old, Causes causes) {
            JsonNode spec = Json.object(replicaSet, "spec");
            FieldRules.nonNegative(spec, "replicas", SPEC, causes);
            FieldRules.nonNegative(spec, "minReadySeconds", SPEC, causes);
            validateSelectorAndTemplate(spec, causes);
            if (old != null) {
                FieldRules.immutable(spec, Json.object(old, "spec"), "selector", SPEC, causes);
            }
        }

        @Override
        public void validateStatus(ObjectNode replicaSet, ObjectNode old, Causes causes) {
            validateReplicaCounts(Json.object(replicaSet, "status"), causes);
        }
    }

    static final class ReplicationControllerValidator implements KindValidator {
        @Override
        public void validate(ObjectNode controller, ObjectNode old, Causes causes) {
            JsonNode spec = Json.object(controller, "spec");
            JsonNode template = Json.object(spec, "template");
            JsonNode templateLabels = Json.object(Json.object(template, "metadata"), "labels");
            FieldRules.nonNegative(spec, "minReadySeconds", SPEC, causes);
            // An absent selector defaults to the template's labels.
            JsonNode selector =
                    Json.isEmpty(Json.object(spec, "selector")) ? templateLabels : Json.object(spec, "selector");
            if (Json.isEmpty(selector)) {
                causes.required(SPEC.child("selector"), "");
            }
            FieldRules.nonNegative(spec, "replicas", SPEC, causes);
            if (template == null) {
                causes.required(TEMPLATE, "");
                return;
            }
            if (!Json.isEmpty(selector) && !SelectorRules.matchesMap(selector, templateLabels)) {
                causes.invalid(TEMPLATE.child("metadata", "labels"), templateLabels, SELECTOR_MISMATCH);
            }
            PodSpecRules.validateTemplate(template, TEMPLATE, causes);
            validateAlwaysRestarts(template, TEMPLATE, causes);
            if (Json.has(Json.object(template, "spec"), "activeDeadlineSeconds")) {
                causes.forbidden(
                        TEMPLATE.child("spec", "activeDeadlineSeconds"),
                        "activeDeadlineSeconds in ReplicationController is not Supported");
            }
        }

        @Override
        public void validateStatus(ObjectNode controller, ObjectNode old, Causes causes) {
            validateReplicaCounts(Json.object(controller, "status"), causes);
        }
    }

    static final class DaemonSetValidator implements KindValidator {
        @Override
        public void validate(ObjectNode daemonSet, ObjectNode old, Causes causes) {
            JsonNode spec = Json.object(daemonSet, "spec");
            JsonNode selector = Json.object(spec, "selector");
            JsonNode template = Json.object(spec, "template");
            boolean validSelector = SelectorRules.validate(selector, SPEC.child("selector"), causes);
            JsonNode templateLabels = Json.object(Json.object(template, "metadata"), "labels");
            if (validSelector && !SelectorRules.matches(selector, templateLabels)) {
                causes.invalid(TEMPLATE.child("metadata", "labels"), templateLabels, SELECTOR_MISMATCH);
            }
            if (selector != null && SelectorRules.isEmpty(selector)) {
                causes.invalid(SPEC.child("selector"), selector, "empty selector is invalid for daemonset");
            }
            PodSpecRules.validateTemplate(template, TEMPLATE, causes);
            validateAlwaysRestarts(template, TEMPLATE, causes);
            if (Json.has(Json.object(template, "spec"), "activeDeadlineSeconds")) {
                causes.forbidden(
                        TEMPLATE.child("spec", "activeDeadlineSeconds"),
                        "activeDeadlineSeconds in DaemonSet is not Supported");
            }
            FieldRules.nonNegative(spec, "minReadySeconds", SPEC, causes);
            FieldRules.nonNegative(spec, "templateGeneration", SPEC, causes);
            validateUpdateStrategy(Json.object(spec, "updateStrategy"), SPEC.child("updateStrategy"), causes);
            FieldRules.nonNegative(spec, "revisionHistoryLimit", SPEC, causes);
            if (old != null) {
                FieldRules.immutable(spec, Json.object(old, "spec"), "selector", SPEC, causes);
            }
        }

        @Override
        public void validateStatus(ObjectNode daemonSet, ObjectNode old, Causes causes) {
            JsonNode status = Json.object(daemonSet, "status");
            nonNegative(
                    status,
                    causes,
                    "currentNumberScheduled",
                    "numberMisscheduled",
                    "desiredNumberScheduled",
                    "numberReady",
                    "observedGeneration",
                    "updatedNumberScheduled",
                    "numberAvailable",
                    "numberUnavailable",
                    "collisionCount");
            collisionCountNotDecremented(status, Json.object(old, "status"), causes);
        }

        /** RollingUpdate by default, replacing one pod at a time; exactly one of surge and unavailable. */
        private static void validateUpdateStrategy(JsonNode strategy, FieldPath path, Causes causes) {
            String type = Json.stringOr(strategy, "type", "RollingUpdate");
            switch (type) {
                case "OnDelete" -> {}
                case "RollingUpdate" -> {
                    JsonNode rollingUpdate = Json.object(strategy, "rollingUpdate");
                    FieldPath rollingPath = path.child("rollingUpdate");
                    JsonNode maxUnavailable = valueOr(rollingUpdate, "maxUnavailable", DEFAULT_DAEMON_SET_UNAVAILABLE);
                    JsonNode maxSurge = valueOr(rollingUpdate, "maxSurge", ZERO);
                    FieldRules.intOrPercent(maxUnavailable, rollingPath.child("maxUnavailable"), causes);
                    FieldRules.intOrPercent(maxSurge, rollingPath.child("maxSurge"), causes);
                    FieldRules.notMoreThan100Percent(maxUnavailable, rollingPath.child("maxUnavailable"), causes);
                    FieldRules.notMoreThan100Percent(maxSurge, rollingPath.child("maxSurge"), causes);
                    boolean hasUnavailable = FieldRules.intOrPercentValue(maxUnavailable) != 0;
                    boolean hasSurge = FieldRules.intOrPercentValue(maxSurge) != 0;
                    if (hasUnavailable && hasSurge) {
                        causes.invalid(
                                rollingPath.child("maxSurge"),
                                maxSurge,
                                "may not be set when maxUnavailable is non-zero");
                    } else if (!hasUnavailable && !hasSurge) {
                        causes.required(rollingPath.child("maxUnavailable"), "cannot be 0 when maxSurge is 0");
                    }
                }
                default -> causes.notSupported(path, strategy, List.of("RollingUpdate", "OnDelete"));
            }
        }
    }

    static final class StatefulSetValidator implements KindValidator {
        private static final String UPDATABLE = "updates to statefulset spec for fields other than 'replicas',"
                + " 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and"
                + " 'minReadySeconds' are forbidden";
        private static final List<String> MUTABLE_FIELDS = List.of(
                "replicas",
                "ordinals",
                "template",
                "updateStrategy",
                "persistentVolumeClaimRetentionPolicy",
                "minReadySeconds");

        @Override
        public void validate(ObjectNode statefulSet, ObjectNode old, Causes causes) {
            JsonNode spec = Json.object(statefulSet, "spec");
            String policy = Json.stringOr(spec, "podManagementPolicy", "OrderedReady");
            if (!policy.equals("OrderedReady") && !policy.equals("Parallel")) {
                causes.invalid(SPEC.child("podManagementPolicy"), policy, "must be 'OrderedReady' or 'Parallel'");
            }
            validateUpdateStrategy(Json.object(spec, "updateStrategy"), SPEC.child("updateStrategy"), causes);
            JsonNode retention = Json.object(spec, "persistentVolumeClaimRetentionPolicy");
            for (String field : List.of("whenDeleted", "whenScaled")) {
                FieldRules.oneOf(
                        retention,
                        field,
                        List.of("Retain", "Delete"),
                        SPEC.child("persistentVolumeClaimRetentionPolicy"),
                        causes);
            }
            FieldRules.nonNegative(spec, "replicas", SPEC, causes);
            FieldRules.nonNegative(spec, "minReadySeconds", SPEC, causes);
            JsonNode ordinals = Json.object(spec, "ordinals");
            if (Json.longOr(ordinals, "start", 0) < 0) {
                causes.invalid(
                        SPEC.child("ordinals.start"), ordinals.get("start").longValue(), FieldRules.NEGATIVE);
            }
            JsonNode selector = Json.object(spec, "selector");
            boolean validSelector = true;
            if (selector == null) {
                causes.required(SPEC.child("selector"), "");
            } else {
                validSelector = SelectorRules.validate(selector, SPEC.child("selector"), causes);
                if (SelectorRules.isEmpty(selector)) {
                    causes.invalid(SPEC.child("selector"), selector, "empty selector is invalid for statefulset");
                }
            }
            JsonNode template = Json.object(spec, "template");
            if (!validSelector) {
                causes.invalid(SPEC.child("selector"), selector, "");
            } else {
                // Kubernetes checks only the template's labels and annotations here: its volumes may come from
                // volumeClaimTemplates, which plain pod spec validation does not know about.
                JsonNode metadata = Json.object(template, "metadata");
                JsonNode labels = Json.object(metadata, "labels");
                if ((selector == null || !SelectorRules.isEmpty(selector))
                        && !SelectorRules.matches(selector, labels)) {
                    causes.invalid(TEMPLATE.child("metadata", "labels"), labels, SELECTOR_MISMATCH);
                }
                ObjectMetaRules.validateLabels(labels, TEMPLATE.child("labels"), causes);
                ObjectMetaRules.validateAnnotations(
                        Json.object(metadata, "annotations"), TEMPLATE.child("annotations"), causes);
            }
            validateAlwaysRestarts(template, TEMPLATE, causes);
            if (Json.has(Json.object(template, "spec"), "activeDeadlineSeconds")) {
                causes.forbidden(
                        TEMPLATE.child("spec", "activeDeadlineSeconds"),
                        "activeDeadlineSeconds in StatefulSet is not Supported");
            }
            if (old != null) {
                JsonNode oldSpec = Json.object(old, "spec");
                ObjectNode fixed = spec == null ? Json.EMPTY.deepCopy() : ((ObjectNode) spec).deepCopy();
                ObjectNode oldFixed = oldSpec == null ? Json.EMPTY.deepCopy() : ((ObjectNode) oldSpec).deepCopy();
                fixed.remove(MUTABLE_FIELDS);
                oldFixed.remove(MUTABLE_FIELDS);
                if (!Json.semanticEquals(fixed, oldFixed)) {
                    causes.forbidden(SPEC, UPDATABLE);
                }
            }
        }

        @Override
        public void validateStatus(ObjectNode statefulSet, ObjectNode old, Causes causes) {
            JsonNode status = Json.object(statefulSet, "status");
            nonNegative(
                    status,
                    causes,
                    "replicas",
                    "readyReplicas",
                    "currentReplicas",
                    "updatedReplicas",
                    "availableReplicas",
                    "observedGeneration",
                    "collisionCount");
            notAboveReplicas(
                    status, causes, "readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas");
            notAboveReady(status, "cannot be greater than status.readyReplicas", causes);
            collisionCountNotDecremented(status, Json.object(old, "status"), causes);
        }

        private static void validateUpdateStrategy(JsonNode strategy, FieldPath path, Causes causes) {
            JsonNode rollingUpdate = Json.object(strategy, "rollingUpdate");
            switch (Json.stringOr(strategy, "type", "RollingUpdate")) {
                case "OnDelete" -> {
                    if (rollingUpdate != null) {
                        causes.invalid(
                                path.child("rollingUpdate"),
                                rollingUpdate,
                                "only allowed for updateStrategy 'RollingUpdate'");
                    }
                }
                case "RollingUpdate" -> {
                    if (rollingUpdate != null) {
                        FieldPath rollingPath = path.child("rollingUpdate");
                        FieldRules.nonNegative(rollingUpdate, "partition", rollingPath, causes);
                        JsonNode maxUnavailable = rollingUpdate.get("maxUnavailable");
                        if (maxUnavailable != null && !maxUnavailable.isNull()) {
                            FieldPath unavailablePath = rollingPath.child("maxUnavailable");
                            FieldRules.intOrPercent(maxUnavailable, unavailablePath, causes);
                            if (FieldRules.intOrPercentValue(maxUnavailable) == 0) {
                                causes.invalid(unavailablePath, maxUnavailable, "cannot be 0");
                            }
                            FieldRules.notMoreThan100Percent(maxUnavailable, unavailablePath, causes);
                        }
                    }
                }
                default -> causes.invalid(path, strategy, "must be 'RollingUpdate' or 'OnDelete'");
            }
        }
    }

    static final class PodTemplateValidator implements KindValidator {
        @Override
        public void validate(ObjectNode podTemplate, ObjectNode old, Causes causes) {
            PodSpecRules.validateTemplate(Json.object(podTemplate, "template"), FieldPath.root("template"), causes);
        }
    }

    static final class ControllerRevisionValidator implements KindValidator {
        @Override
        public void validate(ObjectNode revision, ObjectNode old, Causes causes) {
            if (!Json.has(revision, "data")) {
                causes.required(FieldPath.root("data"), "data is mandatory");
            }
            if (Json.longOr(revision, "revision", 0) < 0) {
                causes.invalid(
                        FieldPath.root("revision"), revision.get("revision").longValue(), FieldRules.NEGATIVE);
            }
            if (old != null && !Json.semanticEquals(revision.get("data"), old.get("data"))) {
                causes.immutable(FieldPath.root("data"), revision.get("data"));
            }
        }
    }

    /**
     * Deployment and ReplicaSet: a required, non-empty selector that selects the template, which is
     * validated as a pod template that always restarts. Kubernetes shares this code between the two kinds,
     * so both print "deployment" and "ReplicaSet" in their messages.
     */
    private static void validateSelectorAndTemplate(JsonNode spec, Causes causes) {
        JsonNode selector = Json.object(spec, "selector");
        boolean validSelector = true;
        if (selector == null) {
            causes.required(SPEC.child("selector"), "");
        } else {
            validSelector = SelectorRules.validate(selector, SPEC.child("selector"), causes);
            if (SelectorRules.isEmpty(selector)) {
                causes.invalid(SPEC.child("selector"), selector, "empty selector is invalid for deployment");
            }
        }
        if (!validSelector) {
            causes.invalid(SPEC.child("selector"), selector, "invalid label selector");
            return;
        }
        JsonNode template = Json.object(spec, "template");
        JsonNode labels = Json.object(Json.object(template, "metadata"), "labels");
        // A missing selector selects nothing; an empty one everything, so only the first can mismatch.
        if ((selector == null || !SelectorRules.isEmpty(selector)) && !SelectorRules.matches(selector, labels)) {
            causes.invalid(TEMPLATE.child("metadata", "labels"), labels, SELECTOR_MISMATCH);
        }
        PodSpecRules.validateTemplate(template, TEMPLATE, causes);
        validateAlwaysRestarts(template, TEMPLATE, causes);
        if (Json.has(Json.object(template, "spec"), "activeDeadlineSeconds")) {
            causes.forbidden(
                    TEMPLATE.child("spec", "activeDeadlineSeconds"),
                    "activeDeadlineSeconds in ReplicaSet is not Supported");
        }
    }

    /** Controllers replace pods that exit; their templates must restart (Always is the default). */
    private static void validateAlwaysRestarts(JsonNode template, FieldPath templatePath, Causes causes) {
        String restartPolicy = Json.stringOr(Json.object(template, "spec"), "restartPolicy", "Always");
        if (!restartPolicy.equals("Always")) {
            causes.notSupported(templatePath.child("spec", "restartPolicy"), restartPolicy, List.of("Always"));
        }
    }

    private static void validateReplicaCounts(JsonNode status, Causes causes) {
        nonNegative(
                status,
                causes,
                "replicas",
                "fullyLabeledReplicas",
                "readyReplicas",
                "availableReplicas",
                "observedGeneration");
        notAboveReplicas(status, causes, "fullyLabeledReplicas", "readyReplicas", "availableReplicas");
        notAboveReady(status, "cannot be greater than readyReplicas", causes);
    }

    private static void nonNegative(JsonNode status, Causes causes, String... fields) {
        for (String field : fields) {
            FieldRules.nonNegative(status, field, STATUS, causes);
        }
    }

    private static void notAboveReplicas(JsonNode status, Causes causes, String... fields) {
        long replicas = Json.longOr(status, "replicas", 0);
        for (String field : fields) {
            long value = Json.longOr(status, field, 0);
            if (value > replicas) {
                causes.invalid(STATUS.child(field), value, "cannot be greater than status.replicas");
            }
        }
    }

    private static void notAboveReady(JsonNode status, String message, Causes causes) {
        long available = Json.longOr(status, "availableReplicas", 0);
        if (available > Json.longOr(status, "readyReplicas", 0)) {
            causes.invalid(STATUS.child("availableReplicas"), available, message);
        }
    }

    private static void collisionCountNotDecremented(JsonNode status, JsonNode oldStatus, Causes causes) {
        if (!Json.hasNumber(oldStatus, "collisionCount")) {
            return;
        }
        long value = Json.longOr(status, "collisionCount", 0);
        if (!Json.hasNumber(status, "collisionCount")
                || value < oldStatus.get("collisionCount").longValue()) {
            causes.invalid(STATUS.child("collisionCount"), value, "cannot be decremented");
        }
    }

    private static JsonNode valueOr(JsonNode parent, String field, JsonNode defaultValue) {
        JsonNode value = parent == null ? null : parent.get(field);
        return value == null || value.isNull() ? defaultValue : value;
    }
}
