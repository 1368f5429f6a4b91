package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What Kubernetes' Service storage does on create before it allocates addresses (the strategy's
 * PrepareForCreate, normalizeClusterIPs and initIPFamilyFields), for a single-stack IPv4 cluster.
 * Allocating the cluster IP and node ports is left to the allocator.
 */
final class ServiceCreation {

    private static final String IPV4 = "IPv4";
    private static final String IPV6 = "IPv6";
    private static final String HEADLESS = "None";

    private ServiceCreation() {}

    static void prepare(ObjectNode service) {
        service.putObject("status").putObject("loadBalancer");
        ObjectNode spec = Json.child(service, "spec");
        if (spec == null || Json.text(spec, "type").equals("ExternalName")) {
            return;
        }
        syncClusterIps(spec);
        String clusterIp = Json.text(spec, "clusterIP");
        boolean headlessWithoutSelector = clusterIp.equals(HEADLESS) && !Json.hasElements(spec, "selector");
        if (Json.isNull(spec, "ipFamilyPolicy")) {
            // Headless services without a selector may carry endpoints of both families.
            spec.put("ipFamilyPolicy", headlessWithoutSelector ? "RequireDualStack" : "SingleStack");
        }
        if (Json.isNull(spec, "ipFamilies")) {
            spec.putArray("ipFamilies");
        }
        if (!(spec.get("ipFamilies") instanceof ArrayNode families)) {
            return;
        }
        if (headlessWithoutSelector) {
            if (families.isEmpty()) {
                families.add(IPV4);
            }
            if (families.size() < 2 && !Json.text(spec, "ipFamilyPolicy").equals("SingleStack")) {
                families.add(families.get(0).asText().equals(IPV4) ? IPV6 : IPV4);
            }
            return;
        }
        JsonNode clusterIps = spec.path("clusterIPs");
        for (int i = 0; i < clusterIps.size(); i++) {
            String ip = clusterIps.get(i).asText();
            if (ip.equals(HEADLESS)) {
                break;
            }
            if (i >= families.size()) {
                families.add(ip.contains(":") ? IPV6 : IPV4);
            }
        }
        if (families.isEmpty()) {
            families.add(IPV4);
        }
    }

    /** clusterIP and clusterIPs[0] name the same address; whichever the user gave fills the other. */
    private static void syncClusterIps(ObjectNode spec) {
        String clusterIp = Json.text(spec, "clusterIP");
        boolean hasClusterIps =
                Json.hasElements(spec, "clusterIPs") && spec.get("clusterIPs").isArray();
        if (!clusterIp.isEmpty() && !hasClusterIps) {
            spec.putArray("clusterIPs").add(clusterIp);
        } else if (clusterIp.isEmpty() && hasClusterIps) {
            spec.set("clusterIP", spec.get("clusterIPs").get(0));
        }
    }
}
