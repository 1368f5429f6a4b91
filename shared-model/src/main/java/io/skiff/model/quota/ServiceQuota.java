package io.skiff.model.quota;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quota of services (evaluator/core/services.go): every service counts once; NodePort services
 * count a node port per port, LoadBalancer services a load balancer and, unless they opt out of
 * node ports, a node port per port (else only the ports that name one).
 */
public final class ServiceQuota implements QuotaEvaluator<Service> {

    public static final String OBJECT_COUNT = QuotaEvaluator.objectCountName("services");
    public static final String SERVICES = "services";
    public static final String NODE_PORTS = "services.nodeports";
    public static final String LOAD_BALANCERS = "services.loadbalancers";

    private static final List<String> RESOURCES = List.of(OBJECT_COUNT, SERVICES, NODE_PORTS, LOAD_BALANCERS);

    @Override
    public String groupResource() {
        return "services";
    }

    @Override
    public List<String> matchingResources(Collection<String> names) {
        return names.stream().filter(RESOURCES::contains).toList();
    }

    @Override
    public Map<String, ResourceAmount> usage(Service service) {
        List<ServicePort> ports = service.getSpec() == null || service.getSpec().getPorts() == null
                ? List.of()
                : service.getSpec().getPorts();
        String type = service.getSpec() == null ? null : service.getSpec().getType();
        Map<String, ResourceAmount> usage = new LinkedHashMap<>();
        usage.put(OBJECT_COUNT, ResourceAmount.of(1));
        usage.put(SERVICES, ResourceAmount.of(1));
        usage.put(LOAD_BALANCERS, ResourceAmount.ZERO);
        usage.put(NODE_PORTS, ResourceAmount.ZERO);
        if ("NodePort".equals(type)) {
            usage.put(NODE_PORTS, ResourceAmount.of(ports.size()));
        } else if ("LoadBalancer".equals(type)) {
            if (Boolean.FALSE.equals(service.getSpec().getAllocateLoadBalancerNodePorts())) {
                long named = ports.stream()
                        .filter(p -> p.getNodePort() != null && p.getNodePort() != 0)
                        .count();
                usage.put(NODE_PORTS, ResourceAmount.of(named));
            } else {
                usage.put(NODE_PORTS, ResourceAmount.of(ports.size()));
            }
            usage.put(LOAD_BALANCERS, ResourceAmount.of(1));
        }
        return usage;
    }
}
