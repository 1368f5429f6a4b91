package io.skiff.kubelet.envvars;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.skiff.kubelet.cri.ContainerConfig.EnvVar;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Docker-link style variables that tell a container where Services are ({@code
 * FOO_SERVICE_HOST}, {@code FOO_PORT_80_TCP_ADDR}, ...), as the kubelet's envvars package makes them.
 * A pod sees the {@code kubernetes} Service of {@code default} always, and the Services of its own
 * namespace when {@code enableServiceLinks} is true; headless Services (no cluster IP) never.
 */
public final class ServiceEnvironment {

    static final String DEFAULT_NAMESPACE = "default";
    static final String MASTER_SERVICE = "kubernetes";

    private ServiceEnvironment() {}

    /** The variables of the Services a pod in {@code namespace} sees, by name. */
    public static Map<String, String> forPod(EnvironmentSources sources, String namespace, boolean enableServiceLinks) {
        Map<String, Service> byName = new LinkedHashMap<>();
        for (Service service : sources.services(DEFAULT_NAMESPACE)) {
            if (MASTER_SERVICE.equals(service.getMetadata().getName()) && isServiceIpSet(service)) {
                byName.putIfAbsent(MASTER_SERVICE, service);
            }
        }
        if (enableServiceLinks) {
            for (Service service : sources.services(namespace)) {
                if (isServiceIpSet(service)) {
                    byName.put(service.getMetadata().getName(), service);
                }
            }
        }
        List<Service> services = new ArrayList<>(byName.values());
        // Kubernetes walks a map here, in no set order; a fixed order keeps the environment stable
        services.sort(Comparator.comparing(s -> s.getMetadata().getName()));
        Map<String, String> variables = new LinkedHashMap<>();
        for (EnvVar variable : fromServices(services)) {
            variables.put(variable.name(), variable.value());
        }
        return variables;
    }

    /** Kubernetes' {@code envvars.FromServices}: every Service with a cluster IP, in the given order. */
    public static List<EnvVar> fromServices(List<Service> services) {
        List<EnvVar> result = new ArrayList<>();
        for (Service service : services) {
            if (!isServiceIpSet(service)
                    || service.getSpec().getPorts() == null
                    || service.getSpec().getPorts().isEmpty()) {
                continue;
            }
            String clusterIp = service.getSpec().getClusterIP();
            String prefix = variableName(service.getMetadata().getName());
            List<ServicePort> ports = service.getSpec().getPorts();
            result.add(new EnvVar(prefix + "_SERVICE_HOST", clusterIp));
            String portVariable = prefix + "_SERVICE_PORT";
            result.add(new EnvVar(portVariable, String.valueOf(ports.get(0).getPort())));
            // only the first port may be unnamed, so every other one gets a variable of its own
            for (ServicePort port : ports) {
                if (port.getName() != null && !port.getName().isEmpty()) {
                    result.add(new EnvVar(
                            portVariable + "_" + variableName(port.getName()), String.valueOf(port.getPort())));
                }
            }
            result.addAll(linkVariables(prefix, clusterIp, ports));
        }
        return result;
    }

    /** A Service has a cluster IP unless it is headless ("None") or has none at all (ExternalName). */
    static boolean isServiceIpSet(Service service) {
        String clusterIp = service.getSpec() == null ? null : service.getSpec().getClusterIP();
        return clusterIp != null && !clusterIp.isEmpty() && !clusterIp.equals("None");
    }

    private static List<EnvVar> linkVariables(String prefix, String clusterIp, List<ServicePort> ports) {
        List<EnvVar> all = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            ServicePort port = ports.get(i);
            String protocol = port.getProtocol() == null || port.getProtocol().isEmpty() ? "TCP" : port.getProtocol();
            String lower = protocol.toLowerCase(Locale.ROOT);
            String url = lower + "://" + hostPort(clusterIp, port.getPort());
            if (i == 0) {
                // Docker special-cases the first port
                all.add(new EnvVar(prefix + "_PORT", url));
            }
            String portPrefix = prefix + "_PORT_" + port.getPort() + "_" + protocol.toUpperCase(Locale.ROOT);
            all.add(new EnvVar(portPrefix, url));
            all.add(new EnvVar(portPrefix + "_PROTO", lower));
            all.add(new EnvVar(portPrefix + "_PORT", String.valueOf(port.getPort())));
            all.add(new EnvVar(portPrefix + "_ADDR", clusterIp));
        }
        return all;
    }

    /** Go's net.JoinHostPort: an IPv6 address is bracketed. */
    private static String hostPort(String host, Integer port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Upper case with '-' as '_' (Service and port names are DNS labels: nothing else needs care). */
    static String variableName(String name) {
        return name.replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
