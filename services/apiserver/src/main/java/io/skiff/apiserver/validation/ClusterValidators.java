package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Cluster-scoped kinds: Namespaces, Nodes and PriorityClasses. */
final class ClusterValidators {

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final FieldPath STATUS = FieldPath.root("status");
    private static final List<String> RESOURCE_LISTS = List.of("capacity", "allocatable");

    private ClusterValidators() {}

    static final class NamespaceValidator implements KindValidator {
        @Override
        public void validate(ObjectNode namespace, ObjectNode old, Causes causes) {
            ArrayNode finalizers = Json.array(Json.object(namespace, "spec"), "finalizers");
            if (finalizers != null) {
                FieldPath path = SPEC.child("finalizers");
                for (JsonNode finalizer : finalizers) {
                    causes.invalid(path, finalizer.asText(), NameRules.isQualifiedName(finalizer.asText()));
                    ObjectMetaRules.validateKubeFinalizerName(finalizer.asText(), path, causes);
                }
            }
        }

        /** A namespace is Active until it is being deleted, then Terminating. */
        @Override
        public void validateStatus(ObjectNode namespace, ObjectNode old, Causes causes) {
            String phase = Json.text(Json.object(namespace, "status"), "phase");
            if (phase == null || phase.isEmpty()) {
                return;
            }
            boolean deleting = Json.has(Json.object(namespace, "metadata"), "deletionTimestamp");
            if (!deleting && !phase.equals("Active")) {
                causes.invalid(STATUS.child("phase"), phase, "may only be 'Active' if `deletionTimestamp` is empty");
            } else if (deleting && !phase.equals("Terminating")) {
                causes.invalid(
                        STATUS.child("phase"), phase, "may only be 'Terminating' if `deletionTimestamp` is not empty");
            }
        }
    }

    /** Nodes: Kubernetes applies the same rules to spec and status writes, since kubelets write both. */
    static final class NodeValidator implements KindValidator {
        private static final String POD_CIDR_CHANGE = "node updates may not change podCIDR except from \"\" to valid";

        @Override
        public void validate(ObjectNode node, ObjectNode old, Causes causes) {
            JsonNode spec = Json.objectOrEmpty(node, "spec");
            validateTaints(Json.array(spec, "taints"), SPEC.child("taints"), causes);
            validateResources(Json.object(node, "status"), causes);
            validatePodCidrs(Json.array(spec, "podCIDRs"), causes);
            if (old != null) {
                validateUpdate(node, spec, Json.objectOrEmpty(old, "spec"), causes);
            }
        }

        @Override
        public void validateStatus(ObjectNode node, ObjectNode old, Causes causes) {
            validate(node, old, causes);
        }

        private static void validateUpdate(JsonNode node, JsonNode spec, JsonNode oldSpec, Causes causes) {
            ArrayNode addresses = Json.array(Json.object(node, "status"), "addresses");
            if (addresses != null) {
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < addresses.size(); i++) {
                    JsonNode address = addresses.get(i);
                    if (!seen.add(Json.string(address, "type") + "/" + Json.string(address, "address"))) {
                        causes.duplicate(STATUS.child("addresses").index(i), address);
                    }
                }
            }
            // The node controller assigns CIDRs and cloud providers the provider ID once; then they stay.
            ArrayNode oldCidrs = Json.array(oldSpec, "podCIDRs");
            if (!Json.isEmpty(oldCidrs) && !Json.semanticEquals(oldCidrs, spec.get("podCIDRs"))) {
                causes.forbidden(SPEC.child("podCIDRs"), POD_CIDR_CHANGE);
            }
            String oldProviderId = Json.string(oldSpec, "providerID");
            if (!oldProviderId.isEmpty() && !oldProviderId.equals(Json.string(spec, "providerID"))) {
                causes.forbidden(
                        SPEC.child("providerID"), "node updates may not change providerID except from \"\" to valid");
            }
            if (!Json.string(spec, "externalID").equals(Json.string(oldSpec, "externalID"))) {
                causes.forbidden(SPEC.child("externalID"), "may not be updated");
            }
        }

        private static void validateResources(JsonNode status, Causes causes) {
            for (String field : RESOURCE_LISTS) {
                Iterator<Map.Entry<String, JsonNode>> entries = Json.fields(Json.object(status, field));
                while (entries.hasNext()) {
                    Map.Entry<String, JsonNode> entry = entries.next();
                    ResourceRules.validateQuantityValue(
                            entry.getKey(),
                            entry.getValue(),
                            STATUS.child(field).child(entry.getKey()),
                            causes);
                }
            }
        }

        private static void validatePodCidrs(ArrayNode cidrs, Causes causes) {
            if (Json.isEmpty(cidrs)) {
                return;
            }
            FieldPath path = SPEC.child("podCIDRs");
            boolean valid = true;
            for (int i = 0; i < cidrs.size(); i++) {
                String cidr = cidrs.get(i).asText();
                if (!IpAddresses.isCidr(cidr)) {
                    causes.invalid(path.index(i), cidr, IpAddresses.INVALID_CIDR);
                    valid = false;
                }
            }
            if (cidrs.size() > 1) {
                boolean dualStack = valid
                        && IpAddresses.isIpv6Cidr(cidrs.get(0).asText())
                                != IpAddresses.isIpv6Cidr(cidrs.get(1).asText());
                if (valid && (!dualStack || cidrs.size() > 2)) {
                    causes.invalid(path, cidrs, "may specify no more than one CIDR for each IP family");
                }
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < cidrs.size(); i++) {
                    if (!seen.add(cidrs.get(i).asText())) {
                        causes.duplicate(path.index(i), cidrs.get(i).asText());
                    }
                }
            }
        }
    }

    static final class PriorityClassValidator implements KindValidator {
        private static final long HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000L;
        private static final String SYSTEM_PREFIX = "system-";
        private static final Map<String, Long> SYSTEM_CLASSES =
                Map.of("system-node-critical", 2_000_001_000L, "system-cluster-critical", 2_000_000_000L);

        @Override
        public void validate(ObjectNode priorityClass, ObjectNode old, Causes causes) {
            String name = Json.string(Json.object(priorityClass, "metadata"), "name");
            long value = Json.longOr(priorityClass, "value", 0);
            if (name.startsWith(SYSTEM_PREFIX)) {
                String error = systemClassError(name, value, Json.isTrue(priorityClass, "globalDefault"));
                if (error != null) {
                    causes.forbidden(
                            FieldPath.of("metadata.name"),
                            "priority class names with 'system-' prefix are reserved for system use only. error: "
                                    + error);
                }
            } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
                causes.forbidden(
                        FieldPath.root("value"), "maximum allowed value of a user defined priority is 1000000000");
            }
            String policy = Json.stringOr(priorityClass, "preemptionPolicy", "PreemptLowerPriority");
            if (!PodSpecRules.PREEMPTION_POLICIES.contains(policy)) {
                causes.notSupported(FieldPath.root("preemptionPolicy"), policy, PodSpecRules.PREEMPTION_POLICIES);
            }
            if (old != null) {
                if (value != Json.longOr(old, "value", 0)) {
                    causes.forbidden(FieldPath.root("value"), "may not be changed in an update.");
                }
                if (!policy.equals(Json.stringOr(old, "preemptionPolicy", "PreemptLowerPriority"))) {
                    causes.immutable(FieldPath.root("preemptionPolicy"), policy);
                }
            }
        }

        private static String systemClassError(String name, long value, boolean globalDefault) {
            Long expected = SYSTEM_CLASSES.get(name);
            if (expected == null) {
                return name + " is not a known system priority class";
            }
            if (expected != value) {
                return "value of " + name + " PriorityClass must be " + expected;
            }
            if (globalDefault) {
                return "globalDefault of " + name + " PriorityClass must be false";
            }
            return null;
        }
    }

    /** {@code validateNodeTaints}: qualified keys, label values, a known effect, unique by key and effect. */
    private static void validateTaints(ArrayNode taints, FieldPath path, Causes causes) {
        if (taints == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < taints.size(); i++) {
            JsonNode taint = taints.get(i);
            FieldPath taintPath = path.index(i);
            String key = Json.string(taint, "key");
            causes.invalidAt(taintPath, "key", key, NameRules.isQualifiedName(key));
            String value = Json.string(taint, "value");
            List<String> valueErrors = NameRules.isLabelValue(value);
            if (!valueErrors.isEmpty()) {
                causes.invalid(taintPath.child("value"), value, String.join(";", valueErrors));
            }
            String effect = Json.string(taint, "effect");
            if (effect.isEmpty()) {
                causes.required(taintPath.child("effect"), "");
            } else if (!PodSpecRules.TAINT_EFFECTS.contains(effect)) {
                causes.notSupported(taintPath.child("effect"), effect, PodSpecRules.TAINT_EFFECTS);
            }
            if (!seen.add(effect + "/" + key)) {
                causes.duplicate(taintPath, taint, "taints must be unique by key and effect pair");
            }
        }
    }
}
