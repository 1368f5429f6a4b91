package io.skiff.controllermanager.endpointslice;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.skiff.controllermanager.pods.ActivePods;
import io.skiff.controllermanager.serviceendpoints.EndpointPods;
import io.skiff.controllermanager.serviceendpoints.ServiceEndpoints;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a Service and its pods become EndpointSlice content (the reconciler's utils.go): one endpoint
 * per pod, the Service's ports resolved on the pod, the labels and owner of a slice.
 */
final class SliceEndpoints {

    static final String LABEL_SERVICE_NAME = "kubernetes.io/service-name";
    static final String LABEL_MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    static final String CONTROLLER_NAME = "endpointslice-controller.k8s.io";
    static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    static final String IPV4 = "IPv4";
    static final String IPV6 = "IPv6";

    private static final Pattern DNS_SUBDOMAIN_PREFIX =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*-?");

    private SliceEndpoints() {}

    /**
     * The pod's endpoint for one address type: serving when ready, terminating when being deleted,
     * ready when serving and not terminating (or always, with publishNotReadyAddresses); its node,
     * the node's zone and, for a pod under this Service's subdomain, its hostname.
     */
    static Endpoint podToEndpoint(Pod pod, Node node, Service service, String addressType) {
        boolean serving = ActivePods.isReady(pod);
        boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
        boolean ready = ServiceEndpoints.publishNotReadyAddresses(service) || (serving && !terminating);
        EndpointBuilder endpoint = new EndpointBuilder()
                .withAddresses(addresses(pod, addressType))
                .withConditions(new EndpointConditions(ready, serving, terminating))
                .withTargetRef(new ObjectReferenceBuilder()
                        .withKind("Pod")
                        .withNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName())
                        .withUid(pod.getMetadata().getUid())
                        .build());
        String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (nodeName != null && !nodeName.isEmpty()) {
            endpoint.withNodeName(nodeName);
        }
        String zone = node == null || node.getMetadata().getLabels() == null
                ? null
                : node.getMetadata().getLabels().get(ZONE_LABEL);
        if (zone != null && !zone.isEmpty()) {
            endpoint.withZone(zone);
        }
        if (EndpointPods.shouldSetHostname(pod, service)) {
            endpoint.withHostname(pod.getSpec().getHostname());
        }
        return endpoint.build();
    }

    /** The pod's IPs of one family, in canonical text form. */
    static List<String> addresses(Pod pod, String addressType) {
        List<String> addresses = new ArrayList<>();
        if (pod.getStatus() == null || pod.getStatus().getPodIPs() == null) {
            return addresses;
        }
        for (PodIP podIp : pod.getStatus().getPodIPs()) {
            String ip = podIp.getIp();
            if (ip == null || ip.isEmpty()) {
                continue;
            }
            boolean ipv6 = ip.contains(":");
            if (ipv6 == IPV6.equals(addressType)) {
                addresses.add(canonical(ip));
            }
        }
        return addresses;
    }

    /** The Service's ports as this pod serves them; ports the pod lacks are left out. */
    static List<EndpointPort> endpointPorts(Service service, Pod pod) {
        List<EndpointPort> ports = new ArrayList<>();
        List<ServicePort> servicePorts = service.getSpec().getPorts();
        if (servicePorts == null || servicePorts.isEmpty()) {
            return ports;
        }
        for (ServicePort servicePort : servicePorts) {
            OptionalInt number = EndpointPods.findPort(pod, servicePort);
            if (number.isEmpty()) {
                continue;
            }
            ports.add(new EndpointPortBuilder()
                    .withName(servicePort.getName() == null ? "" : servicePort.getName())
                    .withPort(number.getAsInt())
                    .withProtocol(servicePort.getProtocol())
                    .withAppProtocol(servicePort.getAppProtocol())
                    .build());
        }
        return ports;
    }

    /** A key that is equal for equal sets of ports, whatever their order (NewPortMapKey). */
    static String portMapKey(List<EndpointPort> ports) {
        List<String> parts = new ArrayList<>();
        for (EndpointPort port : ports == null ? List.<EndpointPort>of() : ports) {
            parts.add(port.getName() + "/" + port.getPort() + "/" + port.getProtocol() + "/" + port.getAppProtocol());
        }
        parts.sort(Comparator.naturalOrder());
        return String.join(",", parts);
    }

    /** A new, empty slice for the Service: generateName "&lt;service&gt;-", controlled by the Service. */
    static EndpointSlice newSlice(Service service, List<EndpointPort> ports, String addressType) {
        OwnerReference owner = new OwnerReferenceBuilder()
                .withApiVersion("v1")
                .withKind("Service")
                .withName(service.getMetadata().getName())
                .withUid(service.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
        EndpointSlice slice = new EndpointSliceBuilder()
                .withNewMetadata()
                .withNamespace(service.getMetadata().getNamespace())
                .withGenerateName(slicePrefix(service.getMetadata().getName()))
                .withOwnerReferences(owner)
                .endMetadata()
                .withAddressType(addressType)
                .withPorts(new ArrayList<>(ports))
                .withEndpoints(new ArrayList<>())
                .build();
        slice.getMetadata().setLabels(labels(slice, service).labels());
        return slice;
    }

    /** "&lt;service&gt;-" unless the dash makes an invalid name prefix. */
    static String slicePrefix(String serviceName) {
        String prefix = serviceName + "-";
        return prefix.length() <= 253 && DNS_SUBDOMAIN_PREFIX.matcher(prefix).matches() ? prefix : serviceName;
    }

    record Labels(Map<String, String> labels, boolean changed) {}

    /**
     * A slice's labels: the Service's, except the reserved ones, plus the headless label for a
     * Service without a cluster IP, its name and this controller as manager. Changed when the
     * non-reserved labels differ from the Service's.
     */
    static Labels labels(EndpointSlice slice, Service service) {
        Map<String, String> sliceLabels = new HashMap<>();
        if (slice.getMetadata().getLabels() != null) {
            slice.getMetadata().getLabels().forEach((key, value) -> {
                if (!isReserved(key)) {
                    sliceLabels.put(key, value);
                }
            });
        }
        Map<String, String> serviceLabels = new HashMap<>();
        if (service.getMetadata().getLabels() != null) {
            service.getMetadata().getLabels().forEach((key, value) -> {
                if (!isReserved(key)) {
                    serviceLabels.put(key, value);
                }
            });
        }
        boolean changed = !sliceLabels.equals(serviceLabels);
        if (!ServiceEndpoints.isServiceIpSet(service)) {
            serviceLabels.put(ServiceEndpoints.HEADLESS_LABEL, "");
        }
        serviceLabels.put(LABEL_SERVICE_NAME, service.getMetadata().getName());
        serviceLabels.put(LABEL_MANAGED_BY, CONTROLLER_NAME);
        return new Labels(serviceLabels, changed);
    }

    private static boolean isReserved(String label) {
        return label.equals(LABEL_SERVICE_NAME)
                || label.equals(LABEL_MANAGED_BY)
                || label.equals(ServiceEndpoints.HEADLESS_LABEL);
    }

    static boolean ownedBy(EndpointSlice slice, Service service) {
        if (slice.getMetadata().getOwnerReferences() == null) {
            return false;
        }
        for (OwnerReference owner : slice.getMetadata().getOwnerReferences()) {
            if (Objects.equals(owner.getUid(), service.getMetadata().getUid())
                    && "Service".equals(owner.getKind())
                    && "v1".equals(owner.getApiVersion())) {
                return true;
            }
        }
        return false;
    }

    static boolean managedByController(EndpointSlice slice) {
        return slice.getMetadata().getLabels() != null
                && CONTROLLER_NAME.equals(slice.getMetadata().getLabels().get(LABEL_MANAGED_BY));
    }

    /** The slice that would be closest to full after taking {@code count} more endpoints, or null. */
    static EndpointSlice sliceToFill(List<EndpointSlice> slices, int count, int maxEndpoints) {
        int closestDiff = maxEndpoints;
        EndpointSlice closest = null;
        for (EndpointSlice slice : slices) {
            int diff = maxEndpoints - (count + sizeOf(slice));
            if (diff >= 0 && diff < closestDiff) {
                closestDiff = diff;
                closest = slice;
                if (closestDiff == 0) {
                    return closest;
                }
            }
        }
        return closest;
    }

    static int sizeOf(EndpointSlice slice) {
        return slice.getEndpoints() == null ? 0 : slice.getEndpoints().size();
    }

    /**
     * The address types the Service's slices have: one per IP family; without families (an old
     * API server), the cluster IP's, or for a headless Service both.
     */
    static Set<String> addressTypes(Service service) {
        Set<String> types = new LinkedHashSet<>();
        List<String> families = service.getSpec().getIpFamilies();
        if (families != null) {
            for (String family : families) {
                if (IPV4.equals(family)) {
                    types.add(IPV4);
                } else if (IPV6.equals(family)) {
                    types.add(IPV6);
                }
            }
        }
        if (!types.isEmpty()) {
            return types;
        }
        if (ServiceEndpoints.isServiceIpSet(service)) {
            types.add(service.getSpec().getClusterIP().contains(":") ? IPV6 : IPV4);
            return types;
        }
        types.add(IPV4);
        types.add(IPV6);
        return types;
    }

    /**
     * Whether two endpoints of the same identity also agree on node, zone, conditions and pod
     * (ignoring the pod's resourceVersion): EndpointsEqualBeyondHash.
     */
    static boolean equalBeyondIdentity(Endpoint a, Endpoint b) {
        return Objects.equals(a.getNodeName(), b.getNodeName())
                && Objects.equals(a.getZone(), b.getZone())
                && sameConditions(a.getConditions(), b.getConditions())
                && sameTarget(a.getTargetRef(), b.getTargetRef());
    }

    private static boolean sameConditions(EndpointConditions a, EndpointConditions b) {
        EndpointConditions left = a == null ? new EndpointConditions() : a;
        EndpointConditions right = b == null ? new EndpointConditions() : b;
        return Objects.equals(left.getReady(), right.getReady())
                && Objects.equals(left.getServing(), right.getServing())
                && Objects.equals(left.getTerminating(), right.getTerminating());
    }

    private static boolean sameTarget(ObjectReference a, ObjectReference b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Objects.equals(a.getKind(), b.getKind())
                && Objects.equals(a.getNamespace(), b.getNamespace())
                && Objects.equals(a.getName(), b.getName())
                && Objects.equals(a.getUid(), b.getUid())
                && Objects.equals(a.getApiVersion(), b.getApiVersion())
                && Objects.equals(a.getFieldPath(), b.getFieldPath());
    }

    /** The IP as Go's net.IP String() writes it (e.g. IPv6 compressed), or as given if it is not one. */
    private static String canonical(String ip) {
        // Only literals: InetAddress would resolve anything else through DNS.
        boolean literal = ip.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*") || ip.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (!literal) {
            return ip;
        }
        try {
            String text = InetAddress.getByName(ip).getHostAddress();
            return ip.contains(":") ? compressIpv6(text) : text;
        } catch (UnknownHostException e) {
            return ip;
        }
    }

    /** Java writes IPv6 uncompressed (0:0:0:0:0:0:0:1); Go compresses the longest run of zeros. */
    private static String compressIpv6(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < groups.length; ) {
            if (groups[i].equals("0")) {
                int j = i;
                while (j < groups.length && groups[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLength && j - i > 1) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }
}
