package io.skiff.kubelet.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.skiff.model.quantity.Quantities;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A pod's quality-of-service class as Kubernetes' qos.GetPodQOS decides it: only cpu and memory
 * count, init containers count like app containers, and a request left out where a limit is given
 * counts as that limit.
 */
public final class QosClasses {

    public static final String GUARANTEED = "Guaranteed";
    public static final String BURSTABLE = "Burstable";
    public static final String BEST_EFFORT = "BestEffort";

    private static final Set<String> QOS_RESOURCES = Set.of("cpu", "memory");

    private QosClasses() {}

    public static String of(Pod pod) {
        Map<String, BigDecimal> requests = new HashMap<>();
        Map<String, BigDecimal> limits = new HashMap<>();
        boolean guaranteed = true;
        List<Container> containers = Stream.concat(
                        orEmpty(pod.getSpec().getContainers()).stream(),
                        orEmpty(pod.getSpec().getInitContainers()).stream())
                .toList();
        for (Container container : containers) {
            Map<String, Quantity> declaredLimits = container.getResources() == null
                    ? null
                    : container.getResources().getLimits();
            Map<String, Quantity> declaredRequests = container.getResources() == null
                    ? null
                    : container.getResources().getRequests();
            Map<String, BigDecimal> containerLimits = positive(declaredLimits);
            Map<String, BigDecimal> containerRequests = new HashMap<>(containerLimits);
            if (declaredRequests != null) {
                containerRequests.keySet().removeAll(declaredRequests.keySet());
            }
            containerRequests.putAll(positive(declaredRequests));
            containerRequests.forEach((name, quantity) -> requests.merge(name, quantity, BigDecimal::add));
            containerLimits.forEach((name, quantity) -> limits.merge(name, quantity, BigDecimal::add));
            if (!containerLimits.keySet().containsAll(QOS_RESOURCES)) {
                guaranteed = false;
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return BEST_EFFORT;
        }
        if (guaranteed) {
            for (Map.Entry<String, BigDecimal> request : requests.entrySet()) {
                BigDecimal limit = limits.get(request.getKey());
                if (limit == null || limit.compareTo(request.getValue()) != 0) {
                    guaranteed = false;
                    break;
                }
            }
        }
        return guaranteed && requests.size() == limits.size() ? GUARANTEED : BURSTABLE;
    }

    private static Map<String, BigDecimal> positive(Map<String, Quantity> list) {
        Map<String, BigDecimal> quantities = new HashMap<>();
        if (list == null) {
            return quantities;
        }
        for (String name : QOS_RESOURCES) {
            Quantity quantity = list.get(name);
            if (quantity == null) {
                continue;
            }
            BigDecimal value =
                    Quantities.parse(quantity.getAmount() + (quantity.getFormat() == null ? "" : quantity.getFormat()));
            if (value.signum() > 0) {
                quantities.put(name, value);
            }
        }
        return quantities;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
