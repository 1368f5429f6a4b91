package io.skiff.apiserver.allocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.skiff.apiserver.registry.AllocationPlan;
import io.skiff.apiserver.registry.Allocations;
import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Cluster IPs and node ports for Services, as Kubernetes' service storage allocates them (single-stack
 * IPv4): a cluster IP for every Service but headless and ExternalName ones, requested addresses
 * honoured when free and in range; node ports for NodePort and LoadBalancer Services (unless
 * allocateLoadBalancerNodePorts is false), one per service port number; a health check node port for
 * LoadBalancer Services with externalTrafficPolicy Local. Type changes allocate and release; a delete
 * releases everything. Errors carry Kubernetes' messages, except that a full range answers 422
 * instead of Kubernetes' 500.
 */
public final class ServiceAllocator implements Allocations {

    public static final String SERVICE_IPS = "serviceips";
    public static final String NODE_PORTS = "servicenodeports";

    private static final String SERVICES = "services";
    private static final String EXTERNAL_NAME = "ExternalName";
    private static final String LOAD_BALANCER = "LoadBalancer";
    private static final String NODE_PORT = "NodePort";
    private static final String HEADLESS = "None";

    private final ServiceIpRange ipRange;
    private final NodePortRange portRange;
    private final AllocationPool ips;
    private final AllocationPool nodePorts;

    /**
     * @param committedValues reads every value of a pool the database holds now (blocking)
     */
    public ServiceAllocator(
            ServiceIpRange ipRange,
            NodePortRange portRange,
            Function<String, List<String>> committedValues,
            RandomGenerator random) {
        this.ipRange = ipRange;
        this.portRange = portRange;
        this.ips = new AllocationPool(
                SERVICE_IPS,
                new AllocationMap(ipRange.size(), ipRange.staticBand(), random),
                ipRange::addressAt,
                ipRange::offsetOf,
                committedValues);
        this.nodePorts = new AllocationPool(
                NODE_PORTS,
                new AllocationMap(portRange.size(), portRange.staticBand(), random),
                offset -> Integer.toString(portRange.base() + offset),
                value -> portOffset(portRange, value),
                committedValues);
    }

    public ServiceIpRange ipRange() {
        return ipRange;
    }

    public NodePortRange portRange() {
        return portRange;
    }

    @Override
    public void refresh() {
        reload();
    }

    /** Loads both pools from the database. */
    public void reload() {
        ips.reload();
        nodePorts.reload();
    }

    /** Free addresses and ports as this server sees them. */
    public int freeIps() {
        return ips.free();
    }

    public int freeNodePorts() {
        return nodePorts.free();
    }

    @Override
    public boolean allocatesFor(ResourceType type) {
        return type.groupResource().equals(SERVICES);
    }

    @Override
    public void keepAllocated(ResourceType type, ObjectNode updated, ObjectNode old) {
        if (allocatesFor(type)) {
            ServiceUpdates.patchAllocatedValues(updated, old);
            ServiceUpdates.dropTypeDependentFields(updated, old);
        }
    }

    @Override
    public AllocationPlan allocate(ResourceType type, ObjectNode old, ObjectNode service, boolean dryRun) {
        if (!allocatesFor(type)) {
            return AllocationPlan.NONE;
        }
        ObjectNode subject = service != null ? service : old;
        String name = subject.path("metadata").path("name").asText();
        String owner = subject.path("metadata").path("uid").asText();
        String oldOwner = old == null ? owner : old.path("metadata").path("uid").asText();
        ServicePlan plan = new ServicePlan(owner);
        try {
            allocateClusterIp(plan, name, old, service, oldOwner, dryRun);
            allocateNodePorts(plan, name, old, service, oldOwner, dryRun);
        } catch (RuntimeException e) {
            plan.abandoned();
            throw e;
        }
        return plan;
    }

    private void allocateClusterIp(
            ServicePlan plan, String name, ObjectNode old, ObjectNode service, String oldOwner, boolean dryRun) {
        String held = old == null ? null : heldClusterIp(old);
        String wanted = null;
        if (service != null && needsClusterIp(service) && !isHeadless(service)) {
            ObjectNode spec = (ObjectNode) service.get("spec");
            requireIpv4SingleStack(name, spec);
            String ip = spec.path("clusterIP").asText("");
            if (ip.isEmpty()) {
                OptionalInt picked = ips.pick();
                if (picked.isEmpty()) {
                    throw internal(name, "spec.clusterIPs", "failed to allocate a serviceIP: range is full");
                }
                plan.picked(ips, picked.getAsInt());
                ip = ips.valueAt(picked.getAsInt());
                spec.put("clusterIP", ip);
                spec.putArray("clusterIPs").add(ip);
                if (!spec.hasNonNull("ipFamilyPolicy")) {
                    spec.put("ipFamilyPolicy", "SingleStack");
                }
                if (!(spec.get("ipFamilies") instanceof ArrayNode families) || families.isEmpty()) {
                    spec.putArray("ipFamilies").add("IPv4");
                }
            } else if (!ip.equals(held)) {
                requestClusterIp(plan, name, spec, ip, dryRun);
            }
            if (!(spec.get("clusterIPs") instanceof ArrayNode clusterIps) || clusterIps.isEmpty()) {
                spec.putArray("clusterIPs").add(ip);
            }
            wanted = ip;
        }
        if (held != null && !held.equals(wanted)) {
            plan.release(ips, held, oldOwner);
        }
    }

    private void requestClusterIp(ServicePlan plan, String name, ObjectNode spec, String ip, boolean dryRun) {
        JsonNode clusterIps = spec.has("clusterIPs")
                ? spec.get("clusterIPs")
                : spec.arrayNode().add(ip);
        OptionalInt offset = ips.offsetOf(ip);
        if (offset.isEmpty()) {
            throw invalid(
                    name,
                    "spec.clusterIPs",
                    clusterIps,
                    "failed to allocate IP " + ip
                            + ": provided IP is not in the valid range. The range of valid IPs is " + ipRange);
        }
        String taken = "failed to allocate IP " + ip + ": provided IP is already allocated";
        if (dryRun && ips.looksTaken(offset.getAsInt())) {
            throw invalid(name, "spec.clusterIPs", clusterIps, taken);
        }
        boolean held = !dryRun && ips.hold(offset.getAsInt());
        plan.requested(ips, offset.getAsInt(), held, () -> invalid(name, "spec.clusterIPs", clusterIps, taken));
    }

    private void allocateNodePorts(
            ServicePlan plan, String name, ObjectNode old, ObjectNode service, String oldOwner, boolean dryRun) {
        Set<Integer> held = old == null ? Set.of() : heldNodePorts(old);
        Set<Integer> wanted = new LinkedHashSet<>();
        if (service != null && needsNodePort(service)) {
            ObjectNode spec = (ObjectNode) service.get("spec");
            boolean allocateNew = !spec.path("type").asText().equals(LOAD_BALANCER)
                    || spec.path("allocateLoadBalancerNodePorts").asBoolean(true);
            // Ports with the same number (TCP and UDP, say) share one node port, preferably one asked for.
            Map<Long, Integer> byServicePort = new HashMap<>();
            List<ObjectNode> ports = ports(spec);
            for (ObjectNode port : ports) {
                int requested = port.path("nodePort").asInt(0);
                if (requested != 0) {
                    byServicePort.putIfAbsent(port.path("port").asLong(), requested);
                }
            }
            Map<Integer, String> requestedFields = new LinkedHashMap<>();
            for (int i = 0; i < ports.size(); i++) {
                ObjectNode port = ports.get(i);
                int nodePort = port.path("nodePort").asInt(0);
                String field = "spec.ports[" + i + "].nodePort";
                if (nodePort == 0) {
                    if (!allocateNew) {
                        continue;
                    }
                    Integer shared = byServicePort.get(port.path("port").asLong());
                    if (shared != null) {
                        nodePort = shared;
                    } else {
                        OptionalInt picked = nodePorts.pick();
                        if (picked.isEmpty()) {
                            throw internal(name, field, "failed to allocate a nodePort: range is full");
                        }
                        plan.picked(nodePorts, picked.getAsInt());
                        nodePort = portRange.base() + picked.getAsInt();
                        byServicePort.put(port.path("port").asLong(), nodePort);
                    }
                    port.put("nodePort", nodePort);
                } else if (!held.contains(nodePort)) {
                    requestedFields.putIfAbsent(nodePort, field);
                }
                wanted.add(nodePort);
            }
            if (needsHealthCheckNodePort(service)) {
                int healthCheck = spec.path("healthCheckNodePort").asInt(0);
                if (healthCheck == 0) {
                    OptionalInt picked = nodePorts.pick();
                    if (picked.isEmpty()) {
                        throw internal(
                                name,
                                "spec.healthCheckNodePort",
                                "failed to allocate a HealthCheck NodePort: range is full");
                    }
                    plan.picked(nodePorts, picked.getAsInt());
                    healthCheck = portRange.base() + picked.getAsInt();
                    spec.put("healthCheckNodePort", healthCheck);
                } else if (!held.contains(healthCheck)) {
                    requestedFields.putIfAbsent(healthCheck, "spec.healthCheckNodePort");
                }
                wanted.add(healthCheck);
            }
            requestedFields.forEach((port, field) -> requestNodePort(plan, name, port, field, dryRun));
        }
        for (int port : held) {
            if (!wanted.contains(port)) {
                plan.release(nodePorts, Integer.toString(port), oldOwner);
            }
        }
    }

    private void requestNodePort(ServicePlan plan, String name, int port, String field, boolean dryRun) {
        boolean healthCheck = field.equals("spec.healthCheckNodePort");
        String prefix = healthCheck ? "failed to allocate requested HealthCheck NodePort " + port + ": " : "";
        if (!portRange.contains(port)) {
            throw invalid(
                    name,
                    field,
                    port,
                    prefix + "provided port is not in the valid range. The range of valid ports is " + portRange);
        }
        int offset = port - portRange.base();
        String taken = prefix + "provided port is already allocated";
        if (dryRun && nodePorts.looksTaken(offset)) {
            throw invalid(name, field, port, taken);
        }
        boolean held = !dryRun && nodePorts.hold(offset);
        plan.requested(nodePorts, offset, held, () -> invalid(name, field, port, taken));
    }

    /** A single-stack IPv4 cluster: no IPv6 family, no required dual stack (Kubernetes' messages). */
    private static void requireIpv4SingleStack(String name, ObjectNode spec) {
        if (spec.path("ipFamilyPolicy").asText("").equals("RequireDualStack")) {
            throw invalid(
                    name,
                    "spec.ipFamilyPolicy",
                    "RequireDualStack",
                    "this cluster is not configured for dual-stack services");
        }
        JsonNode families = spec.path("ipFamilies");
        for (int i = 0; i < families.size(); i++) {
            if (families.get(i).asText().equals("IPv6")) {
                throw invalid(name, "spec.ipFamilies[" + i + "]", "IPv6", "not configured on this cluster");
            }
        }
    }

    // ---- what a Service holds and needs (Kubernetes' needsClusterIP, needsNodePort, NeedsHealthCheck)

    static boolean needsClusterIp(JsonNode service) {
        return !type(service).equals(EXTERNAL_NAME);
    }

    static boolean isHeadless(JsonNode service) {
        return service.path("spec").path("clusterIP").asText("").equals(HEADLESS);
    }

    static boolean needsNodePort(JsonNode service) {
        String type = type(service);
        return type.equals(NODE_PORT) || type.equals(LOAD_BALANCER);
    }

    static boolean needsHealthCheckNodePort(JsonNode service) {
        return type(service).equals(LOAD_BALANCER)
                && service.path("spec").path("externalTrafficPolicy").asText("").equals("Local");
    }

    static String type(JsonNode service) {
        String type = service.path("spec").path("type").asText("");
        return type.isEmpty() ? "ClusterIP" : type;
    }

    private static String heldClusterIp(JsonNode service) {
        String ip = service.path("spec").path("clusterIP").asText("");
        return !needsClusterIp(service) || ip.isEmpty() || ip.equals(HEADLESS) ? null : ip;
    }

    private static Set<Integer> heldNodePorts(JsonNode service) {
        Set<Integer> held = new LinkedHashSet<>();
        for (JsonNode port : service.path("spec").path("ports")) {
            int nodePort = port.path("nodePort").asInt(0);
            if (nodePort > 0) {
                held.add(nodePort);
            }
        }
        int healthCheck = service.path("spec").path("healthCheckNodePort").asInt(0);
        if (healthCheck > 0) {
            held.add(healthCheck);
        }
        return held;
    }

    private static List<ObjectNode> ports(ObjectNode spec) {
        JsonNode ports = spec.path("ports");
        java.util.ArrayList<ObjectNode> list = new java.util.ArrayList<>();
        for (JsonNode port : ports) {
            if (port instanceof ObjectNode object) {
                list.add(object);
            }
        }
        return list;
    }

    private static OptionalInt portOffset(NodePortRange range, String value) {
        try {
            int port = Integer.parseInt(value);
            return range.contains(port) ? OptionalInt.of(port - range.base()) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    // ---- errors

    private static ApiException invalid(String name, String field, Object value, String detail) {
        return Statuses.invalid(
                "",
                "Service",
                name,
                List.of(new StatusCause(
                        field, "Invalid value: " + render(value) + ": " + detail, "FieldValueInvalid")));
    }

    /**
     * Kubernetes answers a full range with 500 InternalError; Skiff never answers 500 for a client's
     * request, so it is a 422 whose cause is a field.InternalError with Kubernetes' message.
     */
    private static ApiException internal(String name, String field, String detail) {
        return Statuses.invalid(
                "", "Service", name, List.of(new StatusCause(field, "Internal error: " + detail, "InternalError")));
    }

    private static String render(Object value) {
        if (value instanceof String text) {
            return "\"" + text + "\"";
        }
        if (value instanceof JsonNode node && !node.isContainerNode()) {
            return node.isTextual() ? "\"" + node.asText() + "\"" : node.asText();
        }
        if (value instanceof JsonNode node) {
            try {
                return KubeJson.mapper().writeValueAsString(node);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return node.toString();
            }
        }
        return String.valueOf(value);
    }
}
