package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Services and the endpoints behind them (Endpoints, EndpointSlice). */
final class ServiceValidators {

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final List<String> SERVICE_TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
    private static final List<String> SESSION_AFFINITIES = List.of("ClientIP", "None");
    private static final List<String> IP_FAMILIES = List.of("IPv4", "IPv6");
    private static final List<String> IP_FAMILY_POLICIES =
            List.of("PreferDualStack", "RequireDualStack", "SingleStack");
    private static final List<String> TRAFFIC_POLICIES = List.of("Cluster", "Local");
    private static final List<String> TRAFFIC_DISTRIBUTIONS =
            List.of("PreferClose", "PreferSameNode", "PreferSameZone");
    private static final List<String> LOAD_BALANCER_IP_MODES = List.of("Proxy", "VIP");
    private static final List<String> ADDRESS_TYPES = List.of("FQDN", "IPv4", "IPv6");
    private static final String NONE = "None";
    private static final String LOAD_BALANCER_ONLY = "may only be used when `type` is 'LoadBalancer'";
    private static final long MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;
    private static final int MAX_SLICE_ENDPOINTS = 1000;
    private static final int MAX_SLICE_ADDRESSES = 100;
    private static final int MAX_SLICE_PORTS = 20000;

    private ServiceValidators() {}

    static final class ServiceValidator implements KindValidator {
        @Override
        public void validate(ObjectNode service, ObjectNode old, Causes causes) {
            JsonNode spec = Json.objectOrEmpty(service, "spec");
            String type = Json.stringOr(spec, "type", "ClusterIP");
            List<String> clusterIps = clusterIps(spec);
            boolean headless = clusterIps.size() == 1 && clusterIps.get(0).equals(NONE);
            ArrayNode ports = Json.array(spec, "ports");
            if (Json.isEmpty(ports) && !headless && !type.equals("ExternalName")) {
                causes.required(SPEC.child("ports"), "");
            }
            switch (type) {
                case "LoadBalancer", "NodePort" -> {
                    if (headless) {
                        causes.invalid(
                                SPEC.child("clusterIPs").index(0),
                                NONE,
                                "may not be set to 'None' for " + type + " services");
                    }
                }
                case "ExternalName" -> validateExternalName(spec, clusterIps, causes);
                default -> {}
            }
            validatePorts(ports, causes);
            ObjectMetaRules.validateLabels(spec.get("selector"), SPEC.child("selector"), causes);
            validateSessionAffinity(spec, causes);
            if (!type.equals("ExternalName")) {
                validateClusterIps(spec, clusterIps, headless, causes);
            }
            ArrayNode externalIps = Json.array(spec, "externalIPs");
            if (externalIps != null) {
                for (int i = 0; i < externalIps.size(); i++) {
                    validateRoutableIp(
                            externalIps.get(i).asText(),
                            SPEC.child("externalIPs").index(i),
                            causes);
                }
            }
            String declaredType = Json.text(spec, "type");
            if (declaredType != null && !declaredType.isEmpty() && !SERVICE_TYPES.contains(declaredType)) {
                causes.notSupported(SPEC.child("type"), declaredType, SERVICE_TYPES);
            }
            validateNodePortsAndDuplicates(ports, type, causes);
            validateLoadBalancerFields(spec, type, old == null ? null : Json.objectOrEmpty(old, "spec"), causes);
            validateTrafficPolicies(spec, type, externalIps, causes);
            if (old != null) {
                validateClusterIpChange(spec, Json.objectOrEmpty(old, "spec"), causes);
            }
        }

        @Override
        public void validateStatus(ObjectNode service, ObjectNode old, Causes causes) {
            String type = Json.stringOr(Json.object(service, "spec"), "type", "ClusterIP");
            JsonNode loadBalancer = Json.object(Json.object(service, "status"), "loadBalancer");
            ArrayNode ingress = Json.array(loadBalancer, "ingress");
            FieldPath ingressPath = FieldPath.of("status.loadBalancer.ingress");
            if (Json.isEmpty(ingress)) {
                return;
            }
            if (!type.equals("LoadBalancer")) {
                causes.forbidden(ingressPath, "may only be used when `spec.type` is 'LoadBalancer'");
                return;
            }
            for (int i = 0; i < ingress.size(); i++) {
                JsonNode entry = ingress.get(i);
                FieldPath entryPath = ingressPath.index(i);
                String ip = Json.string(entry, "ip");
                if (!ip.isEmpty() && !IpAddresses.isIp(ip)) {
                    causes.invalid(entryPath.child("ip"), ip, IpAddresses.INVALID_IP);
                }
                String ipMode = Json.text(entry, "ipMode");
                if (ipMode != null && ip.isEmpty()) {
                    causes.forbidden(entryPath.child("ipMode"), "may not be specified when `ip` is not set");
                } else if (ipMode != null && !LOAD_BALANCER_IP_MODES.contains(ipMode)) {
                    causes.notSupported(entryPath.child("ipMode"), ipMode, LOAD_BALANCER_IP_MODES);
                }
                validateLoadBalancerHostname(Json.string(entry, "hostname"), entryPath.child("hostname"), causes);
            }
        }

        /**
         * The cluster IPs as Kubernetes sees them after syncing {@code clusterIP} into {@code clusterIPs}:
         * clients may set either.
         */
        private static List<String> clusterIps(JsonNode spec) {
            ArrayNode clusterIps = Json.array(spec, "clusterIPs");
            if (!Json.isEmpty(clusterIps)) {
                List<String> ips = new ArrayList<>(clusterIps.size());
                clusterIps.forEach(ip -> ips.add(ip.asText()));
                return ips;
            }
            String clusterIp = Json.string(spec, "clusterIP");
            return clusterIp.isEmpty() ? List.of() : List.of(clusterIp);
        }

        private static void validateExternalName(JsonNode spec, List<String> clusterIps, Causes causes) {
            if (!clusterIps.isEmpty()) {
                causes.forbidden(SPEC.child("clusterIPs"), "may not be set for ExternalName services");
            }
            if (!Json.isEmpty(Json.array(spec, "ipFamilies"))) {
                causes.forbidden(SPEC.child("ipFamilies"), "may not be set for ExternalName services");
            }
            if (Json.has(spec, "ipFamilyPolicy")) {
                causes.forbidden(SPEC.child("ipFamilyPolicy"), "may not be set for ExternalName services");
            }
            // The CNAME may end with a dot to mark it fully qualified.
            String externalName = Json.string(spec, "externalName");
            String cname =
                    externalName.endsWith(".") ? externalName.substring(0, externalName.length() - 1) : externalName;
            if (cname.isEmpty()) {
                causes.required(SPEC.child("externalName"), "");
            } else {
                causes.invalidAt(SPEC, "externalName", cname, NameRules.isDns1123Subdomain(cname));
            }
        }

        private static void validatePorts(ArrayNode ports, Causes causes) {
            if (ports == null) {
                return;
            }
            boolean requireName = ports.size() > 1;
            Set<String> names = new HashSet<>();
            for (int i = 0; i < ports.size(); i++) {
                JsonNode port = ports.get(i);
                FieldPath portPath = SPEC.child("ports").index(i);
                String name = Json.string(port, "name");
                if (requireName && name.isEmpty()) {
                    causes.required(portPath.child("name"), "");
                } else if (!name.isEmpty()) {
                    causes.invalidAt(portPath, "name", name, NameRules.isDns1123Label(name));
                    if (!names.add(name)) {
                        causes.duplicate(portPath.child("name"), name);
                    }
                }
                FieldRules.portNumber(port, "port", portPath, causes);
                FieldRules.oneOf(port, "protocol", ContainerRules.PROTOCOLS, portPath, causes);
                JsonNode targetPort = port.get("targetPort");
                // An absent target port defaults to the port.
                if (targetPort != null && !targetPort.isNull()) {
                    FieldRules.portNumberOrName(targetPort, portPath.child("targetPort"), causes);
                }
                String appProtocol = Json.text(port, "appProtocol");
                if (appProtocol != null) {
                    causes.invalidAt(portPath, "appProtocol", appProtocol, NameRules.isQualifiedName(appProtocol));
                }
            }
        }

        private static void validateSessionAffinity(JsonNode spec, Causes causes) {
            String affinity = Json.stringOr(spec, "sessionAffinity", "None");
            JsonNode config = Json.object(spec, "sessionAffinityConfig");
            if (!SESSION_AFFINITIES.contains(affinity)) {
                causes.notSupported(SPEC.child("sessionAffinity"), affinity, SESSION_AFFINITIES);
            } else if (affinity.equals("ClientIP")) {
                JsonNode timeout = Json.object(config, "clientIP") == null
                        ? null
                        : config.get("clientIP").get("timeoutSeconds");
                if (timeout != null
                        && timeout.isNumber()
                        && (timeout.longValue() <= 0 || timeout.longValue() > MAX_CLIENT_IP_AFFINITY_SECONDS)) {
                    causes.invalid(
                            SPEC.child("sessionAffinityConfig")
                                    .child("clientIP")
                                    .child("timeoutSeconds"),
                            timeout.longValue(),
                            "must be greater than 0 and less than 86400");
                }
            } else if (config != null) {
                causes.forbidden(SPEC.child("sessionAffinityConfig"), "must not be set when session affinity is None");
            }
        }

        /** {@code ValidateServiceClusterIPsRelatedFields}. */
        private static void validateClusterIps(
                JsonNode spec, List<String> clusterIps, boolean headless, Causes causes) {
            FieldPath clusterIpsPath = SPEC.child("clusterIPs");
            ArrayNode declared = Json.array(spec, "clusterIPs");
            String clusterIp = Json.string(spec, "clusterIP");
            if (!clusterIp.isEmpty()
                    && !Json.isEmpty(declared)
                    && !declared.get(0).asText().equals(clusterIp)) {
                causes.invalid(clusterIpsPath, declared, "first value must match `clusterIP`");
            } else if (clusterIp.isEmpty() && !Json.isEmpty(declared)) {
                causes.invalid(clusterIpsPath, declared, "must be empty when `clusterIP` is not specified");
            }
            ArrayNode families = Json.array(spec, "ipFamilies");
            if (families != null) {
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < families.size(); i++) {
                    String family = families.get(i).asText();
                    if (!IP_FAMILIES.contains(family)) {
                        causes.notSupported(SPEC.child("ipFamilies").index(i), family, IP_FAMILIES);
                    }
                    if (!seen.add(family)) {
                        causes.duplicate(SPEC.child("ipFamilies").index(i), family);
                    }
                }
            }
            FieldRules.oneOf(spec, "ipFamilyPolicy", IP_FAMILY_POLICIES, SPEC, causes);
            boolean invalid = false;
            for (int i = 0; i < clusterIps.size(); i++) {
                String ip = clusterIps.get(i);
                if (i == 0 && ip.equals(NONE)) {
                    if (clusterIps.size() > 1) {
                        invalid = true;
                        causes.invalid(clusterIpsPath, clusterIps, "'None' must be the first and only value");
                    }
                    continue;
                }
                if (!IpAddresses.isIp(ip)) {
                    invalid = true;
                    causes.invalid(clusterIpsPath.index(i), ip, IpAddresses.INVALID_IP);
                }
            }
            if (clusterIps.size() > 2) {
                causes.invalid(clusterIpsPath, clusterIps, "may only hold up to 2 values");
            }
            if (invalid) {
                return;
            }
            if (clusterIps.size() > 1
                    && IpAddresses.isIpv6(clusterIps.get(0)) == IpAddresses.isIpv6(clusterIps.get(1))) {
                causes.invalid(clusterIpsPath, clusterIps, "may specify no more than one IP for each IP family");
            }
            if (!headless && families != null) {
                for (int i = 0; i < clusterIps.size() && i < families.size(); i++) {
                    boolean ipv6 = IpAddresses.isIpv6(clusterIps.get(i));
                    String family = families.get(i).asText();
                    if (family.equals("IPv4") && ipv6) {
                        causes.invalid(
                                clusterIpsPath.index(i),
                                clusterIps.get(i),
                                "expected an IPv4 value as indicated by `ipFamilies[" + i + "]`");
                    }
                    if (family.equals("IPv6") && !ipv6) {
                        causes.invalid(
                                clusterIpsPath.index(i),
                                clusterIps.get(i),
                                "expected an IPv6 value as indicated by `ipFamilies[" + i + "]`");
                    }
                }
            }
        }

        private static void validateNodePortsAndDuplicates(ArrayNode ports, String type, Causes causes) {
            if (ports == null) {
                return;
            }
            Set<String> nodePorts = new HashSet<>();
            Set<String> servicePorts = new HashSet<>();
            for (int i = 0; i < ports.size(); i++) {
                JsonNode port = ports.get(i);
                FieldPath portPath = SPEC.child("ports").index(i);
                String protocol = Json.stringOr(port, "protocol", "TCP");
                long nodePort = Json.longOr(port, "nodePort", 0);
                if (nodePort != 0) {
                    if (type.equals("ClusterIP")) {
                        causes.forbidden(portPath.child("nodePort"), "may not be used when `type` is 'ClusterIP'");
                    }
                    if (!nodePorts.add(protocol + "/" + nodePort)) {
                        causes.duplicate(portPath.child("nodePort"), nodePort);
                    }
                }
                long number = Json.longOr(port, "port", 0);
                if (!servicePorts.add(protocol + "/" + number)) {
                    ObjectNode key = JsonNodeFactory.instance
                            .objectNode()
                            .put("protocol", protocol)
                            .put("port", number);
                    causes.duplicate(portPath, key);
                }
            }
        }

        private static void validateLoadBalancerFields(JsonNode spec, String type, JsonNode oldSpec, Causes causes) {
            boolean loadBalancer = type.equals("LoadBalancer");
            ArrayNode sourceRanges = Json.array(spec, "loadBalancerSourceRanges");
            if (!Json.isEmpty(sourceRanges)) {
                FieldPath rangesPath = SPEC.child("loadBalancerSourceRanges");
                if (!loadBalancer) {
                    causes.forbidden(rangesPath, LOAD_BALANCER_ONLY);
                }
                for (int i = 0; i < sourceRanges.size(); i++) {
                    // Historically copied from an annotation, the values may be space-padded.
                    String range = sourceRanges.get(i).asText().strip();
                    if (!IpAddresses.isCidr(range)) {
                        causes.invalid(rangesPath.index(i), range, IpAddresses.INVALID_CIDR);
                    }
                }
            }
            if (Json.has(spec, "allocateLoadBalancerNodePorts") && !loadBalancer) {
                causes.forbidden(SPEC.child("allocateLoadBalancerNodePorts"), LOAD_BALANCER_ONLY);
            }
            String loadBalancerClass = Json.text(spec, "loadBalancerClass");
            if (loadBalancer) {
                if (oldSpec != null
                        && Json.stringOr(oldSpec, "type", "ClusterIP").equals("LoadBalancer")
                        && !Json.semanticEquals(spec.get("loadBalancerClass"), oldSpec.get("loadBalancerClass"))) {
                    causes.invalid(SPEC.child("loadBalancerClass"), loadBalancerClass, "may not change once set");
                }
                if (loadBalancerClass != null) {
                    causes.invalid(
                            SPEC.child("loadBalancerClass"),
                            loadBalancerClass,
                            NameRules.isQualifiedName(loadBalancerClass));
                }
            } else if (loadBalancerClass != null) {
                causes.forbidden(SPEC.child("loadBalancerClass"), LOAD_BALANCER_ONLY);
            }
        }

        private static void validateTrafficPolicies(JsonNode spec, String type, ArrayNode externalIps, Causes causes) {
            boolean externallyAccessible = type.equals("LoadBalancer")
                    || type.equals("NodePort")
                    || (type.equals("ClusterIP") && !Json.isEmpty(externalIps));
            String external = Json.string(spec, "externalTrafficPolicy");
            if (!externallyAccessible && !external.isEmpty()) {
                causes.invalid(
                        SPEC.child("externalTrafficPolicy"),
                        external,
                        "may only be set for externally-accessible services");
            } else if (!external.isEmpty() && !TRAFFIC_POLICIES.contains(external)) {
                causes.notSupported(SPEC.child("externalTrafficPolicy"), external, TRAFFIC_POLICIES);
            }
            long healthCheckNodePort = Json.longOr(spec, "healthCheckNodePort", 0);
            if (healthCheckNodePort != 0) {
                FieldPath path = SPEC.child("healthCheckNodePort");
                if (!needsHealthCheck(spec)) {
                    causes.invalid(
                            path,
                            healthCheckNodePort,
                            "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
                } else {
                    causes.invalid(path, healthCheckNodePort, NameRules.isPortNumber(healthCheckNodePort));
                }
            }
            FieldRules.oneOf(spec, "internalTrafficPolicy", TRAFFIC_POLICIES, SPEC, causes);
            FieldRules.oneOf(spec, "trafficDistribution", TRAFFIC_DISTRIBUTIONS, SPEC, causes);
        }

        /**
         * A cluster IP, once allocated, stays (a second family may be added or released) unless the Service
         * changes to or from ExternalName.
         */
        private static void validateClusterIpChange(JsonNode spec, JsonNode oldSpec, Causes causes) {
            if (Json.stringOr(spec, "type", "ClusterIP").equals("ExternalName")
                    || Json.stringOr(oldSpec, "type", "ClusterIP").equals("ExternalName")) {
                return;
            }
            List<String> ips = clusterIps(spec);
            List<String> oldIps = clusterIps(oldSpec);
            boolean headless = ips.size() == 1 && ips.get(0).equals(NONE);
            boolean oldHeadless = oldIps.size() == 1 && oldIps.get(0).equals(NONE);
            if (headless && oldHeadless) {
                return;
            }
            FieldPath path = SPEC.child("clusterIPs");
            if (ips.size() == oldIps.size()) {
                for (int i = 0; i < oldIps.size(); i++) {
                    if (!oldIps.get(i).equals(ips.get(i))) {
                        causes.invalid(path.index(i), ips, "may not change once set");
                    }
                }
            } else if (oldIps.size() > ips.size()) {
                if (ips.isEmpty()) {
                    causes.invalid(path.index(0), ips, "primary clusterIP can not be unset");
                } else if (!ips.get(0).equals(oldIps.get(0))) {
                    causes.invalid(path.index(0), ips, "may not change once set");
                }
                if (ips.size() == 1 && !"SingleStack".equals(Json.text(spec, "ipFamilyPolicy"))) {
                    causes.invalid(
                            SPEC.child("ipFamilyPolicy"),
                            spec.get("ipFamilyPolicy"),
                            "must be set to 'SingleStack' when releasing the secondary clusterIP");
                }
            } else if (!oldIps.isEmpty() && !ips.get(0).equals(oldIps.get(0))) {
                causes.invalid(path.index(0), ips, "may not change once set");
            }
            if (needsHealthCheck(spec)
                    && needsHealthCheck(oldSpec)
                    && Json.longOr(spec, "healthCheckNodePort", 0) != Json.longOr(oldSpec, "healthCheckNodePort", 0)) {
                causes.forbidden(SPEC.child("healthCheckNodePort"), Causes.FIELD_IS_IMMUTABLE);
            }
        }

        private static boolean needsHealthCheck(JsonNode spec) {
            return Json.stringOr(spec, "type", "ClusterIP").equals("LoadBalancer")
                    && "Local".equals(Json.text(spec, "externalTrafficPolicy"));
        }
    }

    static final class EndpointsValidator implements KindValidator {
        @Override
        public void validate(ObjectNode endpoints, ObjectNode old, Causes causes) {
            ArrayNode subsets = Json.array(endpoints, "subsets");
            if (subsets == null) {
                return;
            }
            for (int i = 0; i < subsets.size(); i++) {
                JsonNode subset = subsets.get(i);
                FieldPath subsetPath = FieldPath.root("subsets").index(i);
                ArrayNode addresses = Json.array(subset, "addresses");
                ArrayNode notReady = Json.array(subset, "notReadyAddresses");
                if (Json.isEmpty(addresses) && Json.isEmpty(notReady)) {
                    causes.required(subsetPath, "must specify `addresses` or `notReadyAddresses`");
                }
                validateAddresses(addresses, subsetPath.child("addresses"), causes);
                validateAddresses(notReady, subsetPath.child("notReadyAddresses"), causes);
                ArrayNode ports = Json.array(subset, "ports");
                for (int p = 0; ports != null && p < ports.size(); p++) {
                    JsonNode port = ports.get(p);
                    FieldPath portPath = subsetPath.child("ports").index(p);
                    String name = Json.string(port, "name");
                    if (ports.size() > 1 && name.isEmpty()) {
                        causes.required(portPath.child("name"), "");
                    } else if (!name.isEmpty()) {
                        causes.invalidAt(portPath, "name", name, NameRules.isDns1123Label(name));
                    }
                    FieldRules.portNumber(port, "port", portPath, causes);
                    FieldRules.oneOf(port, "protocol", ContainerRules.PROTOCOLS, portPath, causes);
                    validateAppProtocol(port, portPath, causes);
                }
            }
        }

        private static void validateAddresses(ArrayNode addresses, FieldPath path, Causes causes) {
            if (addresses == null) {
                return;
            }
            for (int i = 0; i < addresses.size(); i++) {
                JsonNode address = addresses.get(i);
                FieldPath addressPath = path.index(i);
                validateRoutableIp(Json.string(address, "ip"), addressPath.child("ip"), causes);
                String hostname = Json.string(address, "hostname");
                if (!hostname.isEmpty()) {
                    causes.invalidAt(addressPath, "hostname", hostname, NameRules.isDns1123Label(hostname));
                }
                String nodeName = Json.text(address, "nodeName");
                if (nodeName != null) {
                    causes.invalidAt(addressPath, "nodeName", nodeName, NameRules.isDns1123Subdomain(nodeName));
                }
            }
        }
    }

    static final class EndpointSliceValidator implements KindValidator {
        @Override
        public void validate(ObjectNode slice, ObjectNode old, Causes causes) {
            String addressType = Json.string(slice, "addressType");
            FieldPath typePath = FieldPath.root("addressType");
            if (old == null) {
                if (addressType.isEmpty()) {
                    causes.required(typePath, "");
                } else if (!ADDRESS_TYPES.contains(addressType)) {
                    causes.notSupported(typePath, addressType, ADDRESS_TYPES);
                }
            } else if (!addressType.equals(Json.string(old, "addressType"))) {
                causes.immutable(typePath, addressType);
            }
            validateEndpoints(Json.array(slice, "endpoints"), addressType, causes);
            validatePorts(Json.array(slice, "ports"), causes);
        }

        private static void validateEndpoints(ArrayNode endpoints, String addressType, Causes causes) {
            if (endpoints == null) {
                return;
            }
            FieldPath path = FieldPath.root("endpoints");
            if (endpoints.size() > MAX_SLICE_ENDPOINTS) {
                causes.tooMany(path, endpoints.size(), MAX_SLICE_ENDPOINTS);
            }
            for (int i = 0; i < endpoints.size(); i++) {
                JsonNode endpoint = endpoints.get(i);
                FieldPath addressesPath = path.index(i).child("addresses");
                ArrayNode addresses = Json.array(endpoint, "addresses");
                if (Json.isEmpty(addresses)) {
                    causes.required(addressesPath, "must contain at least 1 address");
                } else if (addresses.size() > MAX_SLICE_ADDRESSES) {
                    causes.tooMany(addressesPath, addresses.size(), MAX_SLICE_ADDRESSES);
                }
                for (int a = 0; addresses != null && a < addresses.size(); a++) {
                    validateSliceAddress(addresses.get(a).asText(), addressType, addressesPath.index(a), causes);
                }
                String nodeName = Json.text(endpoint, "nodeName");
                if (nodeName != null) {
                    causes.invalidAt(path.index(i), "nodeName", nodeName, NameRules.isDns1123Subdomain(nodeName));
                }
                String hostname = Json.text(endpoint, "hostname");
                if (hostname != null) {
                    causes.invalidAt(path.index(i), "hostname", hostname, NameRules.isDns1123Label(hostname));
                }
            }
        }

        private static void validateSliceAddress(String address, String addressType, FieldPath path, Causes causes) {
            switch (addressType) {
                case "IPv4" -> {
                    if (!IpAddresses.isIpv4(address)) {
                        causes.invalid(path, address, IpAddresses.INVALID_IPV4);
                    } else {
                        validateRoutableIp(address, path, causes);
                    }
                }
                case "IPv6" -> {
                    if (!IpAddresses.isIpv6(address)) {
                        causes.invalid(path, address, IpAddresses.INVALID_IPV6);
                    } else {
                        validateRoutableIp(address, path, causes);
                    }
                }
                case "FQDN" -> validateFullyQualifiedDomainName(address, path, causes);
                default -> {}
            }
        }

        private static void validatePorts(ArrayNode ports, Causes causes) {
            if (ports == null) {
                return;
            }
            FieldPath path = FieldPath.root("ports");
            if (ports.size() > MAX_SLICE_PORTS) {
                causes.tooMany(path, ports.size(), MAX_SLICE_PORTS);
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < ports.size(); i++) {
                JsonNode port = ports.get(i);
                FieldPath portPath = path.index(i);
                String name = Json.string(port, "name");
                if (!name.isEmpty()) {
                    causes.invalidAt(portPath, "name", name, NameRules.isDns1123Label(name));
                }
                if (!names.add(name)) {
                    causes.duplicate(portPath.child("name"), name);
                }
                FieldRules.oneOf(port, "protocol", ContainerRules.PROTOCOLS, portPath, causes);
                validateAppProtocol(port, portPath, causes);
            }
        }

        /** {@code IsFullyQualifiedDomainName}: at least two labels, a trailing dot allowed. */
        private static void validateFullyQualifiedDomainName(String address, FieldPath path, Causes causes) {
            if (address.isEmpty()) {
                causes.required(path, "");
                return;
            }
            String name = address.endsWith(".") ? address.substring(0, address.length() - 1) : address;
            List<String> errors = NameRules.isDns1123Subdomain(name);
            if (!errors.isEmpty()) {
                causes.invalid(path, name, String.join(",", errors));
            } else if (name.split("\\.", -1).length < 2) {
                causes.invalid(path, name, "should be a domain with at least two segments separated by dots");
            }
        }
    }

    /** {@code ValidateNonSpecialIP}: an address traffic can be sent to (not loopback, link-local, 0.0.0.0). */
    private static void validateRoutableIp(String ip, FieldPath path, Causes causes) {
        if (!IpAddresses.isIp(ip)) {
            causes.invalid(path, ip, IpAddresses.INVALID_IP);
            return;
        }
        String special = IpAddresses.specialRangeError(ip);
        if (special != null) {
            causes.invalid(path, ip, special);
        }
    }

    private static void validateAppProtocol(JsonNode port, FieldPath path, Causes causes) {
        String appProtocol = Json.text(port, "appProtocol");
        if (appProtocol != null) {
            causes.invalidAt(path, "appProtocol", appProtocol, NameRules.isQualifiedName(appProtocol));
        }
    }

    static void validateLoadBalancerHostname(String hostname, FieldPath path, Causes causes) {
        if (hostname.isEmpty()) {
            return;
        }
        causes.invalid(path, hostname, NameRules.isDns1123Subdomain(hostname));
        if (IpAddresses.isIp(hostname)) {
            causes.invalid(path, hostname, "must be a DNS name, not an IP address");
        }
    }
}
