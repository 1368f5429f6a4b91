package io.skiff.dns.app;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.skiff.dns.zone.ServiceShape;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kube-dns Service and EndpointSlice as this server wants them: the Service as kubeadm's
 * CoreDNS add-on makes it (kube-system/kube-dns, ports dns 53/UDP and dns-tcp 53/TCP, no selector),
 * and, since no selector picks a pod, an EndpointSlice managed by this server that points the
 * service proxy at the address where pods reach it.
 */
final class KubeDnsObjects {

    static final String NAMESPACE = "kube-system";
    static final String SERVICE = "kube-dns";
    static final String SLICE = "kube-dns-skiff";
    static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    static final String MANAGED_BY = "dns.skiff.io";
    static final String APP_LABEL = "k8s-app";
    private static final int DNS_PORT = 53;

    private KubeDnsObjects() {}

    static Service service(String clusterIp, int targetPort) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withNamespace(NAMESPACE)
                .withName(SERVICE)
                .withLabels(Map.of(APP_LABEL, SERVICE))
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withClusterIP(clusterIp)
                .withClusterIPs(clusterIp)
                .withPorts(servicePorts(targetPort))
                .endSpec()
                .build();
    }

    static List<ServicePort> servicePorts(int targetPort) {
        return List.of(
                new ServicePortBuilder()
                        .withName("dns")
                        .withProtocol("UDP")
                        .withPort(DNS_PORT)
                        .withTargetPort(new IntOrString(targetPort))
                        .build(),
                new ServicePortBuilder()
                        .withName("dns-tcp")
                        .withProtocol("TCP")
                        .withPort(DNS_PORT)
                        .withTargetPort(new IntOrString(targetPort))
                        .build());
    }

    /** Whether the Service's ports are the ones above (name, protocol, port, targetPort). */
    static boolean portsMatch(Service service, int targetPort) {
        List<ServicePort> actual = service.getSpec().getPorts();
        List<ServicePort> wanted = servicePorts(targetPort);
        if (actual == null || actual.size() != wanted.size()) {
            return false;
        }
        for (int i = 0; i < wanted.size(); i++) {
            ServicePort a = actual.get(i);
            ServicePort w = wanted.get(i);
            if (!w.getName().equals(a.getName())
                    || !w.getProtocol().equals(a.getProtocol())
                    || !w.getPort().equals(a.getPort())
                    || a.getTargetPort() == null
                    || !w.getTargetPort().getIntVal().equals(a.getTargetPort().getIntVal())) {
                return false;
            }
        }
        return true;
    }

    /** The slice pointing at {@code address}:{@code port}; no endpoint when the address is unknown. */
    static EndpointSlice slice(Service owner, Optional<InetAddress> address, int port) {
        boolean ipv6 = address.map(a -> a instanceof Inet6Address).orElse(false);
        return new EndpointSliceBuilder()
                .withNewMetadata()
                .withNamespace(NAMESPACE)
                .withName(SLICE)
                .withLabels(Map.of(ServiceShape.SERVICE_NAME_LABEL, SERVICE, MANAGED_BY_LABEL, MANAGED_BY))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("Service")
                        .withName(SERVICE)
                        .withUid(owner.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .endMetadata()
                .withAddressType(ipv6 ? "IPv6" : "IPv4")
                .withEndpoints(endpoints(address))
                .withPorts(slicePorts(port))
                .build();
    }

    /** Whether the slice already says what {@code wanted} says: address type, addresses, ports, labels. */
    static boolean sliceMatches(EndpointSlice actual, EndpointSlice wanted) {
        Map<String, String> labels = actual.getMetadata().getLabels();
        return wanted.getAddressType().equals(actual.getAddressType())
                && summary(wanted).equals(summary(actual))
                && labels != null
                && labels.entrySet()
                        .containsAll(wanted.getMetadata().getLabels().entrySet());
    }

    /** What matters of a slice's endpoints and ports, free of fields the API server may default. */
    private static List<String> summary(EndpointSlice slice) {
        List<String> parts = new java.util.ArrayList<>();
        if (slice.getEndpoints() != null) {
            for (Endpoint endpoint : slice.getEndpoints()) {
                boolean ready = endpoint.getConditions() == null
                        || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
                parts.add("endpoint " + endpoint.getAddresses() + " ready=" + ready);
            }
        }
        if (slice.getPorts() != null) {
            for (EndpointPort port : slice.getPorts()) {
                parts.add("port " + port.getName() + " " + port.getProtocol() + " " + port.getPort());
            }
        }
        return parts;
    }

    private static List<Endpoint> endpoints(Optional<InetAddress> address) {
        return address.map(a -> List.of(new EndpointBuilder()
                        .withAddresses(a.getHostAddress())
                        .withConditions(new EndpointConditions(true, true, false))
                        .build()))
                .orElse(List.of());
    }

    private static List<EndpointPort> slicePorts(int port) {
        return List.of(
                new EndpointPortBuilder()
                        .withName("dns")
                        .withProtocol("UDP")
                        .withPort(port)
                        .build(),
                new EndpointPortBuilder()
                        .withName("dns-tcp")
                        .withProtocol("TCP")
                        .withPort(port)
                        .build());
    }
}
