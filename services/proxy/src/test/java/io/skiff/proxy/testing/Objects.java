package io.skiff.proxy.testing;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Services and EndpointSlices for tests, built the way the API server and controllers store them. */
public final class Objects {

    private Objects() {}

    /** A ClusterIP Service with one TCP port named {@code portName}. */
    public static ServiceBuilder service(String namespace, String name, String clusterIp, String portName, int port) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withClusterIP(clusterIp)
                .withClusterIPs(clusterIp)
                .withPorts(new ServicePortBuilder()
                        .withName(portName)
                        .withPort(port)
                        .withProtocol("TCP")
                        .build())
                .endSpec();
    }

    public static Service nodePort(Service service, int nodePort) {
        Service copy = new ServiceBuilder(service).build();
        copy.getSpec().setType("NodePort");
        copy.getSpec().getPorts().get(0).setNodePort(nodePort);
        return copy;
    }

    /** An EndpointSlice of {@code service} with ready endpoints at {@code ips}, port {@code portName}. */
    public static EndpointSliceBuilder slice(
            String namespace, String service, String sliceName, String portName, int port, String... ips) {
        List<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint> endpoints = new ArrayList<>();
        for (String ip : ips) {
            endpoints.add(endpoint(ip, true, true, false));
        }
        return new EndpointSliceBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(sliceName)
                .withLabels(Map.of("kubernetes.io/service-name", service))
                .endMetadata()
                .withAddressType("IPv4")
                .withPorts(new EndpointPortBuilder()
                        .withName(portName)
                        .withPort(port)
                        .withProtocol("TCP")
                        .build())
                .withEndpoints(endpoints);
    }

    public static io.fabric8.kubernetes.api.model.discovery.v1.Endpoint endpoint(
            String ip, boolean ready, boolean serving, boolean terminating) {
        return new EndpointBuilder()
                .withAddresses(ip)
                .withNewConditions()
                .withReady(ready)
                .withServing(serving)
                .withTerminating(terminating)
                .endConditions()
                .build();
    }

    public static EndpointSlice withEndpoints(
            EndpointSlice slice, io.fabric8.kubernetes.api.model.discovery.v1.Endpoint... endpoints) {
        return new EndpointSliceBuilder(slice).withEndpoints(endpoints).build();
    }
}
