package io.skiff.apiserver.admission.noderestriction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.admission.AdmissionErrors;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.admission.Operation;
import io.skiff.apiserver.admission.ValidatingAdmission;
import io.skiff.apiserver.authentication.NodeIdentity;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kubernetes' NodeRestriction plugin: a kubelet ({@code system:node:<name>}) may change only its
 * own Node (not its taints, nor restricted labels such as {@code node-restriction.kubernetes.io/*}),
 * create and delete only mirror pods bound to itself, update only its own pods' status, delete
 * only pods bound to itself, request tokens only for pods on itself and use only its own Lease.
 * Requests of anyone else pass unchanged.
 */
public final class NodeRestriction implements ValidatingAdmission {

    public static final String NAME = "NodeRestriction";

    static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
    static final String NODE_RESTRICTION_LABELS = "node-restriction.kubernetes.io";

    /** kubeletapis' labels a kubelet may set on its Node, and the namespaces of such labels. */
    private static final Set<String> KUBELET_LABELS = Set.of(
            "kubernetes.io/hostname",
            "topology.kubernetes.io/zone",
            "topology.kubernetes.io/region",
            "failure-domain.beta.kubernetes.io/zone",
            "failure-domain.beta.kubernetes.io/region",
            "node.kubernetes.io/instance-type",
            "beta.kubernetes.io/instance-type",
            "kubernetes.io/os",
            "kubernetes.io/arch",
            "beta.kubernetes.io/os",
            "beta.kubernetes.io/arch");

    private static final Set<String> KUBELET_LABEL_NAMESPACES = Set.of("kubelet.kubernetes.io", "node.kubernetes.io");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Operation operation) {
        return operation != Operation.CONNECT;
    }

    @Override
    public void validate(Attributes attributes) {
        Optional<String> identity = NodeIdentity.of(attributes.userInfo());
        if (identity.isEmpty()) {
            return;
        }
        String node = identity.get();
        if (node.isEmpty()) {
            throw AdmissionErrors.forbidden(
                    attributes,
                    "could not determine node from user \""
                            + attributes.userInfo().name() + "\"");
        }
        String group = attributes.type().group();
        String resource = attributes.type().plural();
        if (group.isEmpty()) {
            switch (resource) {
                case "pods" -> pod(node, attributes);
                case "nodes" -> node(node, attributes);
                case "serviceaccounts" -> serviceAccountToken(node, attributes);
                default -> {}
            }
        } else if (group.equals("coordination.k8s.io") && resource.equals("leases")) {
            if (attributes.operation() == Operation.CREATE
                    && (!attributes.namespace().equals("kube-node-lease")
                            || !attributes.name().equals(node))) {
                throw AdmissionErrors.forbidden(
                        attributes, "can only access node lease with the same name as the requesting node");
            }
        } else if (group.equals("storage.k8s.io") && resource.equals("csinodes")) {
            if (!attributes.name().equals(node)) {
                throw AdmissionErrors.forbidden(
                        attributes, "can only access CSINode with the same name as the requesting node");
            }
        }
    }

    private static void pod(String node, Attributes attributes) {
        switch (attributes.subresource()) {
            case "" -> {
                switch (attributes.operation()) {
                    case CREATE -> mirrorPodCreate(node, attributes);
                    case DELETE -> {
                        if (!node.equals(nodeName(attributes.oldObject()))) {
                            throw AdmissionErrors.forbidden(
                                    attributes,
                                    "node \"" + node + "\" can only delete pods with spec.nodeName set to itself");
                        }
                    }
                    default ->
                        throw AdmissionErrors.forbidden(
                                attributes,
                                "unexpected operation \"" + attributes.operation() + "\", node \"" + node
                                        + "\" can only create and delete mirror pods");
                }
            }
            case "status" -> {
                if (!node.equals(nodeName(attributes.oldObject()))) {
                    throw AdmissionErrors.forbidden(
                            attributes,
                            "node \"" + node
                                    + "\" can only update pod status for pods with spec.nodeName set to itself");
                }
            }
            case "eviction" -> {
                if (attributes.oldObject() != null && !node.equals(nodeName(attributes.oldObject()))) {
                    throw AdmissionErrors.forbidden(
                            attributes, "node \"" + node + "\" can only evict pods with spec.nodeName set to itself");
                }
            }
            default -> {}
        }
    }

    private static void mirrorPodCreate(String node, Attributes attributes) {
        ObjectNode pod = attributes.object();
        if (!pod.path("metadata").path("annotations").has(MIRROR_ANNOTATION)) {
            throw AdmissionErrors.forbidden(
                    attributes,
                    "pod does not have \"" + MIRROR_ANNOTATION + "\" annotation, node \"" + node
                            + "\" can only create mirror pods");
        }
        if (!node.equals(nodeName(pod))) {
            throw AdmissionErrors.forbidden(
                    attributes, "node \"" + node + "\" can only create pods with spec.nodeName set to itself");
        }
        JsonNode owners = pod.path("metadata").path("ownerReferences");
        if (owners.size() > 1) {
            throw AdmissionErrors.forbidden(
                    attributes,
                    "node \"" + node + "\" can only create pods with a single owner reference set to itself");
        }
        if (owners.size() == 1) {
            JsonNode owner = owners.get(0);
            if (!owner.path("apiVersion").asText().equals("v1")
                    || !owner.path("kind").asText().equals("Node")
                    || !owner.path("name").asText().equals(node)) {
                throw AdmissionErrors.forbidden(
                        attributes, "node \"" + node + "\" can only create pods with an owner reference set to itself");
            }
            if (!owner.path("controller").asBoolean(false)) {
                throw AdmissionErrors.forbidden(
                        attributes,
                        "node \"" + node + "\" can only create pods with a controller owner reference set to itself");
            }
        }
    }

    private static void node(String node, Attributes attributes) {
        String requested = attributes.operation() == Operation.CREATE
                ? attributes.object().path("metadata").path("name").asText("")
                : attributes.name();
        if (!requested.equals(node)) {
            throw AdmissionErrors.forbidden(
                    attributes, "node \"" + node + "\" is not allowed to modify node \"" + requested + "\"");
        }
        if (attributes.operation() == Operation.CREATE) {
            Set<String> forbidden = forbiddenLabels(labels(attributes.object()), Map.of());
            if (!forbidden.isEmpty()) {
                throw AdmissionErrors.forbidden(
                        attributes,
                        "node \"" + node + "\" is not allowed to set the following labels: "
                                + String.join(", ", forbidden));
            }
        }
        if (attributes.operation() == Operation.UPDATE) {
            JsonNode taints = attributes.object().path("spec").path("taints");
            JsonNode oldTaints = attributes.oldObject().path("spec").path("taints");
            if (!sameTaints(taints, oldTaints)) {
                throw AdmissionErrors.forbidden(attributes, "node \"" + node + "\" is not allowed to modify taints");
            }
            Set<String> forbidden = forbiddenLabels(labels(attributes.object()), labels(attributes.oldObject()));
            if (!forbidden.isEmpty()) {
                throw AdmissionErrors.forbidden(
                        attributes,
                        "node \"" + node + "\" is not allowed to modify labels: " + String.join(", ", forbidden));
            }
        }
    }

    private static void serviceAccountToken(String node, Attributes attributes) {
        if (attributes.operation() != Operation.CREATE
                || !attributes.subresource().equals("token")) {
            return;
        }
        JsonNode bound = attributes.object() == null
                ? null
                : attributes.object().path("spec").path("boundObjectRef");
        if (bound == null || bound.isMissingNode() || bound.isNull()) {
            throw AdmissionErrors.forbidden(attributes, "node requested token not bound to a pod");
        }
        if (!bound.path("kind").asText().equals("Pod")) {
            throw AdmissionErrors.forbidden(
                    attributes,
                    "node requested token bound to a " + bound.path("kind").asText() + ", not a pod");
        }
    }

    private static boolean sameTaints(JsonNode taints, JsonNode oldTaints) {
        boolean empty = taints.isMissingNode() || taints.isNull() || taints.isEmpty();
        boolean oldEmpty = oldTaints.isMissingNode() || oldTaints.isNull() || oldTaints.isEmpty();
        return (empty && oldEmpty) || taints.equals(oldTaints);
    }

    /** getForbiddenLabels: changed labels in node-restriction's namespace, or kubernetes.io ones kubelets don't own. */
    static Set<String> forbiddenLabels(Map<String, String> labels, Map<String, String> oldLabels) {
        Set<String> modified = new TreeSet<>();
        labels.forEach((key, value) -> {
            if (!value.equals(oldLabels.get(key))) {
                modified.add(key);
            }
        });
        oldLabels.keySet().stream().filter(key -> !labels.containsKey(key)).forEach(modified::add);
        Set<String> forbidden = new TreeSet<>();
        for (String label : modified) {
            String namespace = label.contains("/") ? label.substring(0, label.indexOf('/')) : "";
            if (namespace.equals(NODE_RESTRICTION_LABELS) || namespace.endsWith("." + NODE_RESTRICTION_LABELS)) {
                forbidden.add(label);
            }
            if (isKubernetesLabel(namespace) && !isKubeletLabel(label, namespace)) {
                forbidden.add(label);
            }
        }
        return forbidden;
    }

    private static boolean isKubernetesLabel(String namespace) {
        return namespace.equals("kubernetes.io")
                || namespace.endsWith(".kubernetes.io")
                || namespace.equals("k8s.io")
                || namespace.endsWith(".k8s.io");
    }

    private static boolean isKubeletLabel(String label, String namespace) {
        if (KUBELET_LABELS.contains(label)) {
            return true;
        }
        for (String allowed : KUBELET_LABEL_NAMESPACES) {
            if (namespace.equals(allowed) || namespace.endsWith("." + allowed)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> labels(JsonNode object) {
        Map<String, String> labels = new java.util.HashMap<>();
        JsonNode node = object == null ? null : object.path("metadata").path("labels");
        if (node != null && node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                labels.put(entry.getKey(), entry.getValue().asText());
            }
        }
        return labels;
    }

    private static String nodeName(JsonNode pod) {
        return pod == null ? "" : pod.path("spec").path("nodeName").asText("");
    }
}
