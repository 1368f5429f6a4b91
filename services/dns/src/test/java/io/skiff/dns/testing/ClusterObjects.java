package io.skiff.dns.testing;

import io.fabric8.kubernetes.api.model.IntOrString;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Services and EndpointSlices as the API server and the EndpointSlice controller write them. */
public final class ClusterObjects {

    private ClusterObjects() {}

    public static ServicePort port(String name, String protocol, int port, int targetPort) {
        return new ServicePortBuilder()
                .withName(name)
                .withProtocol(protocol)
                .withPort(port)
                .withTargetPort(new IntOrString(targetPort))
                .build();
    }

    public static Service clusterIp(String namespace, String name, String ip, ServicePort... ports) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withClusterIP(ip)
                .withClusterIPs(ip)
                .withPorts(ports)
                .withSelector(Map.of("app", name))
                .endSpec()
                .build();
    }

    public static Service headless(String namespace, String name, ServicePort... ports) {
        return new ServiceBuilder(clusterIp(namespace, name, "None", ports))
                .editSpec()
                .withClusterIPs("None")
                .endSpec()
                .build();
    }

    public static Service externalName(String namespace, String name, String externalName) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withType("ExternalName")
                .withExternalName(externalName)
                .endSpec()
                .build();
    }

    public static Endpoint endpoint(String ip, String hostname, boolean ready) {
        return new EndpointBuilder()
                .withAddresses(ip)
                .withHostname(hostname)
                .withConditions(new EndpointConditions(ready, ready, false))
                .build();
    }

    public static EndpointPort endpointPort(String name, String protocol, int port) {
        return new EndpointPortBuilder()
                .withName(name)
                .withProtocol(protocol)
                .withPort(port)
                .build();
    }

    public static EndpointSlice slice(
            String namespace, String service, String name, List<EndpointPort> ports, Endpoint... endpoints) {
        return new EndpointSliceBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withLabels(Map.of("kubernetes.io/service-name", service))
                .endMetadata()
                .withAddressType("IPv4")
                .withPorts(new ArrayList<>(ports))
                .withEndpoints(endpoints)
                .build();
    }
}
