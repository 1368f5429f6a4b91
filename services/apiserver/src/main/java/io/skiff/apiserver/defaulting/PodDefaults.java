package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Defaults of Pods and of the pod templates embedded in workloads (SetDefaults_Pod,
 * SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_Probe, ... in core/v1).
 */
final class PodDefaults {

    private static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");
    private static final List<String> PROBES = List.of("livenessProbe", "readinessProbe", "startupProbe");

    private PodDefaults() {}

    static void pod(ObjectNode pod) {
        ObjectNode spec = Json.child(pod, "spec");
        if (spec != null) {
            podOnly(spec);
            podSpec(spec);
        }
        GoEncoding.struct(pod, "status");
    }

    /** A PodTemplateSpec inside a workload: no Pod-only defaults, to keep templates stable. */
    static void template(ObjectNode template) {
        if (template == null) {
            return;
        }
        GoEncoding.embeddedMetadata(template);
        ObjectNode spec = Json.child(template, "spec");
        if (spec != null) {
            podSpec(spec);
        }
    }

    /**
     * SetDefaults_Pod. Kubernetes applies these to Pods only, never to templates, so that adding a
     * default does not change every workload's template and roll its pods.
     */
    private static void podOnly(ObjectNode spec) {
        for (String list : List.of("containers", "initContainers")) {
            for (ObjectNode container : Json.items(spec, list)) {
                requestsFromLimits(Json.child(container, "resources"));
            }
        }
        Json.putIfNull(spec, "enableServiceLinks", true);
        JsonNode hostNetwork = spec.get("hostNetwork");
        if (hostNetwork != null && hostNetwork.isBoolean() && hostNetwork.booleanValue()) {
            for (String list : List.of("containers", "initContainers")) {
                for (ObjectNode container : Json.items(spec, list)) {
                    for (ObjectNode port : Json.items(container, "ports")) {
                        if (Json.isZero(port, "hostPort") && port.has("containerPort")) {
                            port.set("hostPort", port.get("containerPort"));
                        }
                    }
                }
            }
        }
    }

    private static void requestsFromLimits(ObjectNode resources) {
        ObjectNode limits = Json.child(resources, "limits");
        if (limits == null || limits.isEmpty()) {
            return;
        }
        ObjectNode requests = Json.childOrCreate(resources, "requests");
        if (requests == null) {
            return;
        }
        limits.properties().forEach(limit -> {
            if (!requests.has(limit.getKey())) {
                requests.set(limit.getKey(), limit.getValue().deepCopy());
            }
        });
    }

    /** SetDefaults_PodSpec and everything nested in a pod spec. */
    static void podSpec(ObjectNode spec) {
        Json.putIfZero(spec, "dnsPolicy", "ClusterFirst");
        Json.putIfZero(spec, "restartPolicy", "Always");
        GoEncoding.struct(spec, "securityContext");
        Json.putIfNull(spec, "terminationGracePeriodSeconds", 30);
        Json.putIfZero(spec, "schedulerName", "default-scheduler");
        for (ObjectNode volume : Json.items(spec, "volumes")) {
            VolumeDefaults.volume(volume);
        }
        for (String list : CONTAINER_LISTS) {
            for (ObjectNode container : Json.items(spec, list)) {
                container(container);
            }
        }
        Quantities.resourceList(spec, "overhead");
        ObjectNode podResources = Json.child(spec, "resources");
        if (podResources != null) {
            Quantities.requirements(podResources);
        }
    }

    private static void container(ObjectNode container) {
        if (Json.isZero(container, "imagePullPolicy")) {
            container.put("imagePullPolicy", ImageReference.defaultPullPolicy(Json.text(container, "image")));
        }
        Json.putIfZero(container, "terminationMessagePath", "/dev/termination-log");
        Json.putIfZero(container, "terminationMessagePolicy", "File");
        for (ObjectNode port : Json.items(container, "ports")) {
            Json.putIfZero(port, "protocol", "TCP");
        }
        for (ObjectNode env : Json.items(container, "env")) {
            fieldRef(Json.child(Json.child(env, "valueFrom"), "fieldRef"));
        }
        ObjectNode resources = GoEncoding.struct(container, "resources");
        if (resources != null) {
            Quantities.requirements(resources);
        }
        for (String probe : PROBES) {
            probe(Json.child(container, probe));
        }
        ObjectNode lifecycle = Json.child(container, "lifecycle");
        httpGet(Json.child(Json.child(lifecycle, "postStart"), "httpGet"));
        httpGet(Json.child(Json.child(lifecycle, "preStop"), "httpGet"));
    }

    private static void probe(ObjectNode probe) {
        if (probe == null) {
            return;
        }
        Json.putIfZero(probe, "timeoutSeconds", 1);
        Json.putIfZero(probe, "periodSeconds", 10);
        Json.putIfZero(probe, "successThreshold", 1);
        Json.putIfZero(probe, "failureThreshold", 3);
        httpGet(Json.child(probe, "httpGet"));
        // GRPCAction.service is declared +default="" and without omitempty.
        Json.putIfNull(Json.child(probe, "grpc"), "service", "");
    }

    private static void httpGet(ObjectNode action) {
        Json.putIfZero(action, "path", "/");
        Json.putIfZero(action, "scheme", "HTTP");
    }

    /** SetDefaults_ObjectFieldSelector. */
    static void fieldRef(ObjectNode selector) {
        Json.putIfZero(selector, "apiVersion", "v1");
    }
}
