package io.skiff.apiserver.allocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What Kubernetes' service storage does to an update before validating it: keeps allocated values a
 * client left out ({@code patchAllocatedValues}), and drops the fields a type change makes
 * meaningless when the client left them as they were ({@code dropTypeDependentFields}), so that
 * {@code kubectl patch -p '{"spec":{"type":"ClusterIP"}}'} turns a NodePort Service into a ClusterIP one.
 */
final class ServiceUpdates {

    private ServiceUpdates() {}

    static void patchAllocatedValues(ObjectNode service, ObjectNode old) {
        ObjectNode spec = spec(service);
        JsonNode oldSpec = old.path("spec");
        if (spec == null) {
            return;
        }
        if (ServiceAllocator.needsClusterIp(old) && ServiceAllocator.needsClusterIp(service)) {
            if (spec.path("clusterIP").asText("").isEmpty() && oldSpec.has("clusterIP")) {
                spec.set("clusterIP", oldSpec.get("clusterIP"));
            }
            if (spec.path("clusterIPs").isEmpty() && !oldSpec.path("clusterIPs").isEmpty()) {
                spec.set("clusterIPs", oldSpec.get("clusterIPs").deepCopy());
            }
        }
        if (ServiceAllocator.needsNodePort(old) && ServiceAllocator.needsNodePort(service)) {
            // Node ports both versions use cannot be patched into another port.
            Set<Integer> used = nodePorts(oldSpec);
            used.retainAll(nodePorts(spec));
            Map<String, Integer> byName = new HashMap<>();
            for (JsonNode port : oldSpec.path("ports")) {
                byName.put(port.path("name").asText(""), port.path("nodePort").asInt(0));
            }
            for (JsonNode port : spec.path("ports")) {
                if (port instanceof ObjectNode object && object.path("nodePort").asInt(0) == 0) {
                    int previous = byName.getOrDefault(object.path("name").asText(""), 0);
                    if (previous != 0 && !used.contains(previous)) {
                        object.put("nodePort", previous);
                    }
                }
            }
        }
        if (ServiceAllocator.needsHealthCheckNodePort(old)
                && ServiceAllocator.needsHealthCheckNodePort(service)
                && spec.path("healthCheckNodePort").asInt(0) == 0
                && oldSpec.path("healthCheckNodePort").asInt(0) != 0) {
            spec.set("healthCheckNodePort", oldSpec.get("healthCheckNodePort"));
        }
    }

    static void dropTypeDependentFields(ObjectNode service, ObjectNode old) {
        ObjectNode spec = spec(service);
        JsonNode oldSpec = old.path("spec");
        if (spec == null) {
            return;
        }
        if (ServiceAllocator.needsClusterIp(old) && !ServiceAllocator.needsClusterIp(service)) {
            if (same(spec, oldSpec, "clusterIP") && same(spec, oldSpec, "clusterIPs")) {
                spec.remove("clusterIP");
                spec.remove("clusterIPs");
            }
            if (same(spec, oldSpec, "ipFamilies")) {
                spec.remove("ipFamilies");
            }
            if (same(spec, oldSpec, "ipFamilyPolicy")) {
                spec.remove("ipFamilyPolicy");
            }
        }
        if (ServiceAllocator.needsNodePort(old)
                && !ServiceAllocator.needsNodePort(service)
                && nodePortList(spec).equals(nodePortList(oldSpec))) {
            for (JsonNode port : spec.path("ports")) {
                if (port instanceof ObjectNode object) {
                    object.remove("nodePort");
                }
            }
        }
        if (ServiceAllocator.needsHealthCheckNodePort(old)
                && !ServiceAllocator.needsHealthCheckNodePort(service)
                && same(spec, oldSpec, "healthCheckNodePort")) {
            spec.remove("healthCheckNodePort");
        }
        boolean wasLoadBalancer = ServiceAllocator.type(old).equals("LoadBalancer");
        boolean isLoadBalancer = ServiceAllocator.type(service).equals("LoadBalancer");
        if (wasLoadBalancer && !isLoadBalancer) {
            if (spec.has("allocateLoadBalancerNodePorts") && same(spec, oldSpec, "allocateLoadBalancerNodePorts")) {
                spec.remove("allocateLoadBalancerNodePorts");
            }
            if (same(spec, oldSpec, "loadBalancerClass")) {
                spec.remove("loadBalancerClass");
            }
        }
        if (externallyAccessible(old)
                && !externallyAccessible(service)
                && same(spec, oldSpec, "externalTrafficPolicy")) {
            spec.remove("externalTrafficPolicy");
        }
        if (!isLoadBalancer && service.get("status") instanceof ObjectNode status) {
            status.putObject("loadBalancer");
        }
    }

    /** Kubernetes' ExternallyAccessible: NodePort, LoadBalancer, or ClusterIP with external IPs. */
    private static boolean externallyAccessible(JsonNode service) {
        String type = ServiceAllocator.type(service);
        return type.equals("NodePort")
                || type.equals("LoadBalancer")
                || (type.equals("ClusterIP")
                        && !service.path("spec").path("externalIPs").isEmpty());
    }

    private static ObjectNode spec(ObjectNode service) {
        return service.get("spec") instanceof ObjectNode spec ? spec : null;
    }

    private static boolean same(JsonNode spec, JsonNode oldSpec, String field) {
        return Objects.equals(spec.get(field), oldSpec.get(field));
    }

    private static Set<Integer> nodePorts(JsonNode spec) {
        Set<Integer> ports = new HashSet<>();
        for (JsonNode port : spec.path("ports")) {
            int nodePort = port.path("nodePort").asInt(0);
            if (nodePort != 0) {
                ports.add(nodePort);
            }
        }
        return ports;
    }

    private static java.util.List<Integer> nodePortList(JsonNode spec) {
        java.util.List<Integer> ports = new java.util.ArrayList<>();
        for (JsonNode port : spec.path("ports")) {
            ports.add(port.path("nodePort").asInt(0));
        }
        return ports;
    }
}
