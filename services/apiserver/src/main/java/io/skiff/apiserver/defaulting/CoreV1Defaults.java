package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** Defaults of the core group's kinds other than Pod (pkg/apis/core/v1/defaults.go). */
final class CoreV1Defaults {

    private static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    private static final int CLIENT_IP_AFFINITY_SECONDS = 10800;

    private CoreV1Defaults() {}

    static void addTo(KindTable table) {
        table.add("v1", "Pod", PodDefaults::pod)
                .add("v1", "PodTemplate", obj -> PodDefaults.template(Json.child(obj, "template")))
                .add("v1", "ReplicationController", CoreV1Defaults::replicationController)
                .add("v1", "Service", CoreV1Defaults::service)
                .add("v1", "Endpoints", CoreV1Defaults::endpoints)
                .add("v1", "Namespace", CoreV1Defaults::namespace)
                .add("v1", "Secret", CoreV1Defaults::secret)
                .add("v1", "PersistentVolume", CoreV1Defaults::persistentVolume)
                .add("v1", "PersistentVolumeClaim", CoreV1Defaults::persistentVolumeClaim)
                .add("v1", "LimitRange", CoreV1Defaults::limitRange)
                .add("v1", "ResourceQuota", CoreV1Defaults::resourceQuota)
                .add("v1", "Node", CoreV1Defaults::node);
    }

    /**
     * stringData is write-only: Kubernetes' conversion merges it into data (base64, stringData
     * winning) so that stored and returned Secrets carry data alone. Values that are not strings
     * are left for validation to reject.
     */
    private static void secret(ObjectNode secret) {
        Json.putIfZero(secret, "type", "Opaque");
        ObjectNode stringData = Json.child(secret, "stringData");
        if (stringData == null) {
            return;
        }
        for (JsonNode value : stringData) {
            if (!value.isTextual()) {
                return;
            }
        }
        ObjectNode data = Json.childOrCreate(secret, "data");
        if (data == null) {
            return;
        }
        stringData
                .fields()
                .forEachRemaining(entry -> data.put(
                        entry.getKey(),
                        java.util.Base64.getEncoder()
                                .encodeToString(
                                        entry.getValue().asText().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        secret.remove("stringData");
    }

    private static void replicationController(ObjectNode controller) {
        ObjectNode spec = Json.child(controller, "spec");
        if (spec != null) {
            ObjectNode template = Json.child(spec, "template");
            ObjectNode templateLabels = Json.child(Json.child(template, "metadata"), "labels");
            if (templateLabels != null && !templateLabels.isEmpty()) {
                if (!Json.hasElements(spec, "selector")) {
                    spec.set("selector", templateLabels.deepCopy());
                }
                ObjectNode metadata = Json.childOrCreate(controller, "metadata");
                if (metadata != null && !Json.hasElements(metadata, "labels")) {
                    metadata.set("labels", templateLabels.deepCopy());
                }
            }
            Json.putIfNull(spec, "replicas", 1);
            PodDefaults.template(template);
        }
        GoEncoding.zeroInts(GoEncoding.struct(controller, "status"), "replicas");
    }

    private static void service(ObjectNode service) {
        ObjectNode spec = Json.child(service, "spec");
        if (spec != null) {
            serviceSpec(spec, Json.child(Json.child(service, "status"), "loadBalancer"));
        }
        GoEncoding.struct(GoEncoding.struct(service, "status"), "loadBalancer");
    }

    private static void serviceSpec(ObjectNode spec, ObjectNode loadBalancerStatus) {
        Json.putIfZero(spec, "sessionAffinity", "None");
        String affinity = Json.text(spec, "sessionAffinity");
        if (affinity.equals("None")) {
            spec.remove("sessionAffinityConfig");
        } else if (affinity.equals("ClientIP")) {
            JsonNode timeout =
                    spec.path("sessionAffinityConfig").path("clientIP").get("timeoutSeconds");
            if (Json.isUnset(timeout)) {
                spec.putObject("sessionAffinityConfig")
                        .putObject("clientIP")
                        .put("timeoutSeconds", CLIENT_IP_AFFINITY_SECONDS);
            }
        }
        Json.putIfZero(spec, "type", "ClusterIP");
        for (ObjectNode port : Json.items(spec, "ports")) {
            Json.putIfZero(port, "protocol", "TCP");
            if (Json.isZero(port, "targetPort")) {
                JsonNode number = port.get("port");
                port.set("targetPort", number != null && number.isInt() ? number : port.numberNode(0));
            }
        }
        String type = Json.text(spec, "type");
        boolean nodePortOrLoadBalancer = type.equals("NodePort") || type.equals("LoadBalancer");
        boolean externallyAccessible =
                nodePortOrLoadBalancer || (type.equals("ClusterIP") && Json.hasElements(spec, "externalIPs"));
        if (externallyAccessible) {
            Json.putIfZero(spec, "externalTrafficPolicy", "Cluster");
        }
        if (nodePortOrLoadBalancer || type.equals("ClusterIP")) {
            Json.putIfNull(spec, "internalTrafficPolicy", "Cluster");
        }
        if (type.equals("LoadBalancer")) {
            Json.putIfNull(spec, "allocateLoadBalancerNodePorts", true);
            for (ObjectNode ingress : Json.items(loadBalancerStatus, "ingress")) {
                if (!Json.text(ingress, "ip").isEmpty()) {
                    Json.putIfNull(ingress, "ipMode", "VIP");
                }
            }
        }
    }

    private static void endpoints(ObjectNode endpoints) {
        for (ObjectNode subset : Json.items(endpoints, "subsets")) {
            for (ObjectNode port : Json.items(subset, "ports")) {
                Json.putIfZero(port, "protocol", "TCP");
            }
        }
    }

    private static void namespace(ObjectNode namespace) {
        ObjectNode metadata = Json.child(namespace, "metadata");
        String name = Json.text(metadata, "name");
        if (!name.isEmpty()) {
            ObjectNode labels = Json.childOrCreate(metadata, "labels");
            if (labels != null) {
                labels.put(NAMESPACE_NAME_LABEL, name);
            }
        }
        GoEncoding.struct(namespace, "spec");
        Json.putIfZero(GoEncoding.struct(namespace, "status"), "phase", "Active");
    }

    private static void persistentVolume(ObjectNode volume) {
        ObjectNode spec = Json.child(volume, "spec");
        if (spec != null) {
            Json.putIfZero(spec, "persistentVolumeReclaimPolicy", "Retain");
            Json.putIfNull(spec, "volumeMode", "Filesystem");
            Quantities.resourceList(spec, "capacity");
            VolumeDefaults.pluginSources(spec);
        }
        Json.putIfZero(GoEncoding.struct(volume, "status"), "phase", "Pending");
    }

    /** Also applied to StatefulSet volumeClaimTemplates, which are whole claims. */
    static void persistentVolumeClaim(ObjectNode claim) {
        VolumeDefaults.claimSpec(Json.child(claim, "spec"));
        ObjectNode status = GoEncoding.struct(claim, "status");
        Json.putIfZero(status, "phase", "Pending");
        Quantities.resourceList(status, "capacity");
        Quantities.resourceList(status, "allocatedResources");
    }

    private static void limitRange(ObjectNode limitRange) {
        for (ObjectNode item : Json.items(Json.child(limitRange, "spec"), "limits")) {
            if (Json.text(item, "type").equals("Container")) {
                copyMissing(item, "max", "default");
                copyMissing(item, "default", "defaultRequest");
                copyMissing(item, "min", "defaultRequest");
            }
            for (String list : Set.of("max", "min", "default", "defaultRequest", "maxLimitRequestRatio")) {
                Quantities.resourceList(item, list);
            }
        }
    }

    /** Copies resources present in one list and absent from another; creates the target only if needed. */
    private static void copyMissing(ObjectNode item, String from, String to) {
        ObjectNode source = Json.child(item, from);
        if (source == null) {
            return;
        }
        source.properties().forEach(entry -> {
            ObjectNode target = Json.child(item, to);
            if (target == null || !target.has(entry.getKey())) {
                target = Json.childOrCreate(item, to);
                if (target != null) {
                    target.set(entry.getKey(), entry.getValue().deepCopy());
                }
            }
        });
    }

    private static void resourceQuota(ObjectNode quota) {
        Quantities.resourceList(Json.child(quota, "spec"), "hard");
        ObjectNode status = GoEncoding.struct(quota, "status");
        Quantities.resourceList(status, "hard");
        Quantities.resourceList(status, "used");
    }

    private static void node(ObjectNode node) {
        ObjectNode status = Json.child(node, "status");
        if (status == null) {
            return;
        }
        if (Json.isNull(status, "allocatable") && Json.child(status, "capacity") != null) {
            status.set("allocatable", status.get("capacity").deepCopy());
        }
        Quantities.resourceList(status, "capacity");
        Quantities.resourceList(status, "allocatable");
    }
}
