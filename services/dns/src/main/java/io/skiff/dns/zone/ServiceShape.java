package io.skiff.dns.zone;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** What DNS reads of a Service's spec. */
public final class ServiceShape {

    /** The label tying an EndpointSlice to its Service. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    static final String NONE = "None";

    private ServiceShape() {}

    static boolean isExternalName(Service service) {
        return "ExternalName".equals(service.getSpec().getType());
    }

    /** clusterIP "None": DNS answers with the endpoints' addresses. */
    static boolean isHeadless(Service service) {
        return NONE.equals(service.getSpec().getClusterIP());
    }

    /** spec.clusterIPs (or spec.clusterIP when the list is unset), as addresses; none when headless. */
    public static List<InetAddress> clusterIps(Service service) {
        List<String> ips = service.getSpec().getClusterIPs();
        if (ips == null || ips.isEmpty()) {
            String ip = service.getSpec().getClusterIP();
            ips = ip == null ? List.of() : List.of(ip);
        }
        List<InetAddress> addresses = new ArrayList<>(ips.size());
        for (String ip : ips) {
            if (!NONE.equals(ip)) {
                IpAddresses.parse(ip).ifPresent(addresses::add);
            }
        }
        return addresses;
    }

    static List<ServicePort> ports(Service service) {
        List<ServicePort> ports = service.getSpec().getPorts();
        return ports == null ? List.of() : ports;
    }
}
