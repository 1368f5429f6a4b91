package io.skiff.controllermanager.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.skiff.controllermanager.pods.ActivePods;
import io.skiff.controllermanager.serviceendpoints.EndpointPods;
import io.skiff.controllermanager.serviceendpoints.ServiceEndpoints;
import io.skiff.model.json.KubeJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The subsets of a Service's Endpoints: one address per pod and Service port (ready, or not ready
 * unless publishNotReadyAddresses), then repacked into the canonical form RepackSubsets gives, so
 * that equal endpoints always compare equal; and the truncation to 1000 addresses.
 */
final class EndpointSubsets {

    /** The most addresses an Endpoints object holds (the controller's maxCapacity). */
    static final int MAX_CAPACITY = 1000;

    static final String OVER_CAPACITY_ANNOTATION = "endpoints.kubernetes.io/over-capacity";
    static final String TRUNCATED = "truncated";

    /** A port that stands in for "no ports" so that headless Services without ports keep their addresses. */
    private static final PortKey NO_PORT = new PortKey("", -1, "", null);

    private record PortKey(String name, int port, String protocol, String appProtocol) {

        static PortKey of(EndpointPort port) {
            return new PortKey(
                    port.getName() == null ? "" : port.getName(),
                    port.getPort() == null ? 0 : port.getPort(),
                    port.getProtocol() == null ? "" : port.getProtocol(),
                    port.getAppProtocol());
        }

        EndpointPort toPort() {
            return new EndpointPortBuilder()
                    .withName(name.isEmpty() ? null : name)
                    .withPort(port)
                    .withProtocol(protocol.isEmpty() ? null : protocol)
                    .withAppProtocol(appProtocol)
                    .build();
        }
    }

    private EndpointSubsets() {}

    /** The repacked subsets the Service's pods give (syncService's loop over pods). */
    static List<EndpointSubset> forService(Service service, List<Pod> pods) {
        boolean publishNotReady = ServiceEndpoints.publishNotReadyAddresses(service);
        List<ServicePort> servicePorts = service.getSpec().getPorts() == null
                ? List.of()
                : service.getSpec().getPorts();
        List<EndpointSubset> subsets = new ArrayList<>();
        for (Pod pod : pods) {
            if (!EndpointPods.shouldBeInEndpoints(pod, publishNotReady)) {
                continue;
            }
            Optional<EndpointAddress> address = addressFor(service, pod);
            if (address.isEmpty()) {
                continue;
            }
            boolean ready = publishNotReady || ActivePods.isReady(pod);
            if (servicePorts.isEmpty()) {
                // Headless Services may have no ports; others without ports get no endpoints.
                if ("None".equals(service.getSpec().getClusterIP())) {
                    subsets.add(subset(address.get(), null, ready));
                }
                continue;
            }
            for (ServicePort servicePort : servicePorts) {
                OptionalInt portNumber = EndpointPods.findPort(pod, servicePort);
                if (portNumber.isEmpty()) {
                    continue;
                }
                EndpointPort port = new EndpointPortBuilder()
                        .withName(emptyToNull(servicePort.getName()))
                        .withPort(portNumber.getAsInt())
                        .withProtocol(servicePort.getProtocol())
                        .withAppProtocol(servicePort.getAppProtocol())
                        .build();
                subsets.add(subset(address.get(), port, ready));
            }
        }
        return repack(subsets);
    }

    /**
     * The pod's address for the Service: its IP of the Service's (first) IP family, the node it runs
     * on, a reference to it, and its hostname when it asks for a DNS name under this Service.
     */
    static Optional<EndpointAddress> addressFor(Service service, Pod pod) {
        boolean ipv6 = wantsIpv6(service, pod);
        Optional<String> ip = podIps(pod).stream()
                .filter(candidate -> isIpv6(candidate) == ipv6)
                .findFirst();
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        EndpointAddressBuilder address = new EndpointAddressBuilder()
                .withIp(ip.get())
                .withNodeName(pod.getSpec() == null ? null : pod.getSpec().getNodeName())
                .withTargetRef(new ObjectReferenceBuilder()
                        .withKind("Pod")
                        .withNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName())
                        .withUid(pod.getMetadata().getUid())
                        .build());
        if (EndpointPods.shouldSetHostname(pod, service)) {
            address.withHostname(pod.getSpec().getHostname());
        }
        return Optional.of(address.build());
    }

    private static boolean wantsIpv6(Service service, Pod pod) {
        List<String> families = service.getSpec().getIpFamilies();
        if (families != null && !families.isEmpty()) {
            return "IPv6".equals(families.get(0));
        }
        if (ServiceEndpoints.isServiceIpSet(service)) {
            return isIpv6(service.getSpec().getClusterIP());
        }
        String podIp = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        return podIp != null && isIpv6(podIp);
    }

    private static List<String> podIps(Pod pod) {
        if (pod.getStatus().getPodIPs() != null && !pod.getStatus().getPodIPs().isEmpty()) {
            return pod.getStatus().getPodIPs().stream().map(PodIP::getIp).toList();
        }
        String podIp = pod.getStatus().getPodIP();
        return podIp == null || podIp.isEmpty() ? List.of() : List.of(podIp);
    }

    private static boolean isIpv6(String ip) {
        return ip != null && ip.contains(":");
    }

    private static EndpointSubset subset(EndpointAddress address, EndpointPort port, boolean ready) {
        EndpointSubset subset = new EndpointSubset();
        if (ready) {
            subset.setAddresses(new ArrayList<>(List.of(address)));
        } else {
            subset.setNotReadyAddresses(new ArrayList<>(List.of(address)));
        }
        subset.setPorts(port == null ? new ArrayList<>() : new ArrayList<>(List.of(port)));
        return subset;
    }

    /**
     * The canonical layout of {@code subsets}: every address with the set of ports it serves,
     * addresses offering the same ports (with the same readiness) in one subset, an address that is
     * not ready on a port listed as not ready there, everything sorted.
     */
    static List<EndpointSubset> repack(List<EndpointSubset> subsets) {
        Map<String, EndpointAddress> allAddresses = new LinkedHashMap<>();
        Map<PortKey, Map<String, Boolean>> readinessByPort = new LinkedHashMap<>();
        for (EndpointSubset subset : subsets) {
            List<PortKey> ports = subset.getPorts() == null || subset.getPorts().isEmpty()
                    ? List.of(NO_PORT)
                    : subset.getPorts().stream().map(PortKey::of).toList();
            for (PortKey port : ports) {
                for (EndpointAddress address : orEmpty(subset.getAddresses())) {
                    record(address, port, true, allAddresses, readinessByPort);
                }
                for (EndpointAddress address : orEmpty(subset.getNotReadyAddresses())) {
                    record(address, port, false, allAddresses, readinessByPort);
                }
            }
        }
        // Ports served by exactly the same addresses (with the same readiness) share a subset.
        Map<String, Map<String, Boolean>> addressSets = new TreeMap<>();
        Map<String, List<PortKey>> portsOfSet = new TreeMap<>();
        for (Map.Entry<PortKey, Map<String, Boolean>> entry : readinessByPort.entrySet()) {
            String signature = new TreeMap<>(entry.getValue()).toString();
            addressSets.put(signature, entry.getValue());
            List<PortKey> ports = portsOfSet.computeIfAbsent(signature, s -> new ArrayList<>());
            if (!entry.getKey().equals(NO_PORT)) {
                ports.add(entry.getKey());
            }
        }
        List<EndpointSubset> repacked = new ArrayList<>();
        for (Map.Entry<String, List<PortKey>> entry : portsOfSet.entrySet()) {
            List<EndpointAddress> ready = new ArrayList<>();
            List<EndpointAddress> notReady = new ArrayList<>();
            addressSets.get(entry.getKey()).forEach((key, isReady) -> {
                EndpointAddress address = copy(allAddresses.get(key));
                (isReady ? ready : notReady).add(address);
            });
            ready.sort(ADDRESS_ORDER);
            notReady.sort(ADDRESS_ORDER);
            List<EndpointPort> ports = entry.getValue().stream()
                    .sorted(Comparator.comparing(PortKey::name)
                            .thenComparingInt(PortKey::port)
                            .thenComparing(PortKey::protocol))
                    .map(PortKey::toPort)
                    .toList();
            EndpointSubset subset = new EndpointSubset();
            subset.setAddresses(ready.isEmpty() ? null : ready);
            subset.setNotReadyAddresses(notReady.isEmpty() ? null : notReady);
            subset.setPorts(ports.isEmpty() ? null : new ArrayList<>(ports));
            repacked.add(subset);
        }
        repacked.sort(Comparator.comparing(EndpointSubsets::sortKey));
        return repacked;
    }

    private static void record(
            EndpointAddress address,
            PortKey port,
            boolean ready,
            Map<String, EndpointAddress> allAddresses,
            Map<PortKey, Map<String, Boolean>> readinessByPort) {
        String key = addressKey(address);
        allAddresses.putIfAbsent(key, address);
        Map<String, Boolean> readiness = readinessByPort.computeIfAbsent(port, p -> new LinkedHashMap<>());
        // Not ready on a port wins over ready.
        Boolean wasReady = readiness.get(key);
        if (wasReady == null || wasReady) {
            readiness.put(key, ready);
        }
    }

    /** Two addresses are one when IP and pod agree (addresses may repeat across hosts). */
    private static String addressKey(EndpointAddress address) {
        String uid = address.getTargetRef() == null
                ? ""
                : nullToEmpty(address.getTargetRef().getUid());
        return nullToEmpty(address.getIp()) + "/" + uid;
    }

    /** By IP bytes, then (with an address without a pod first) by pod UID: LessEndpointAddress. */
    static final Comparator<EndpointAddress> ADDRESS_ORDER = (a, b) -> {
        int byIp = Arrays.compare(
                nullToEmpty(a.getIp()).getBytes(StandardCharsets.UTF_8),
                nullToEmpty(b.getIp()).getBytes(StandardCharsets.UTF_8));
        if (byIp != 0) {
            return byIp;
        }
        if (a.getTargetRef() == null || b.getTargetRef() == null) {
            return Boolean.compare(a.getTargetRef() != null, b.getTargetRef() != null);
        }
        return nullToEmpty(a.getTargetRef().getUid())
                .compareTo(nullToEmpty(b.getTargetRef().getUid()));
    };

    private static String sortKey(EndpointSubset subset) {
        List<EndpointAddress> first =
                subset.getAddresses() != null ? subset.getAddresses() : subset.getNotReadyAddresses();
        String firstIp =
                first == null || first.isEmpty() ? "" : nullToEmpty(first.get(0).getIp());
        String ports = subset.getPorts() == null ? "" : subset.getPorts().toString();
        return firstIp + "|" + ports;
    }

    static int addressCount(List<EndpointSubset> subsets) {
        int count = 0;
        for (EndpointSubset subset : orEmpty(subsets)) {
            count += orEmpty(subset.getAddresses()).size()
                    + orEmpty(subset.getNotReadyAddresses()).size();
        }
        return count;
    }

    /**
     * Cuts the subsets down to {@link #MAX_CAPACITY} addresses (truncateEndpoints): not-ready ones
     * go first; each subset keeps its proportional share, rounded up. False when nothing had to go.
     */
    static boolean truncate(List<EndpointSubset> subsets) {
        int totalReady = 0;
        int totalNotReady = 0;
        for (EndpointSubset subset : subsets) {
            totalReady += orEmpty(subset.getAddresses()).size();
            totalNotReady += orEmpty(subset.getNotReadyAddresses()).size();
        }
        if (totalReady + totalNotReady <= MAX_CAPACITY) {
            return false;
        }
        boolean truncateReady = totalReady > MAX_CAPACITY;
        int max = truncateReady ? MAX_CAPACITY : MAX_CAPACITY - totalReady;
        int total = truncateReady ? totalReady : totalNotReady;
        int canBeAdded = max;
        for (EndpointSubset subset : subsets) {
            List<EndpointAddress> candidates =
                    orEmpty(truncateReady ? subset.getAddresses() : subset.getNotReadyAddresses());
            int toBeAdded = (int) Math.ceil(((double) candidates.size() / total) * max);
            toBeAdded = Math.min(toBeAdded, canBeAdded);
            List<EndpointAddress> kept =
                    candidates.size() <= toBeAdded ? candidates : new ArrayList<>(candidates.subList(0, toBeAdded));
            if (truncateReady) {
                subset.setAddresses(kept);
                subset.setNotReadyAddresses(null);
            } else {
                subset.setNotReadyAddresses(kept);
            }
            canBeAdded -= kept.size();
        }
        return true;
    }

    /**
     * Whether two subset lists say the same, ignoring the pods' resourceVersions in targetRef (a pod
     * update that changes nothing here must not rewrite the Endpoints) and empty versus absent
     * lists.
     */
    static boolean sameIgnoringResourceVersion(List<EndpointSubset> a, List<EndpointSubset> b) {
        return normalized(orEmpty(a)).equals(normalized(orEmpty(b)));
    }

    private static JsonNode normalized(List<EndpointSubset> subsets) {
        JsonNode tree = KubeJson.mapper().valueToTree(subsets);
        strip(tree);
        return tree;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.get("targetRef") instanceof ObjectNode ref) {
                ref.remove("resourceVersion");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue();
                if (value.isNull() || (value.isArray() && value.isEmpty())) {
                    it.remove();
                } else {
                    strip(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(EndpointSubsets::strip);
        }
    }

    private static EndpointAddress copy(EndpointAddress address) {
        return new EndpointAddressBuilder(address).build();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
