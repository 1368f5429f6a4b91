package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pod's quality-of-service class as Kubernetes' qos.ComputePodQOS decides it: only cpu and memory
 * count, init containers count like app containers, and a request left out where a limit is given
 * counts as that limit (as Pod defaulting would have set it).
 */
public final class PodQos {

    public static final String GUARANTEED = "Guaranteed";
    public static final String BURSTABLE = "Burstable";
    public static final String BEST_EFFORT = "BestEffort";

    private static final Set<String> QOS_RESOURCES = Set.of("cpu", "memory");

    private PodQos() {}

    /** The class of {@code pod}, a whole Pod object; its status is not consulted. */
    public static String compute(JsonNode pod) {
        JsonNode spec = pod.path("spec");
        Map<String, BigDecimal> requests = new HashMap<>();
        Map<String, BigDecimal> limits = new HashMap<>();
        boolean guaranteed = true;
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode container : Json.items(spec, list)) {
                JsonNode resources = container.path("resources");
                Map<String, BigDecimal> containerLimits = positiveQuantities(resources.path("limits"));
                Map<String, BigDecimal> containerRequests = new HashMap<>(containerLimits);
                containerRequests.keySet().removeAll(names(resources.path("requests")));
                containerRequests.putAll(positiveQuantities(resources.path("requests")));
                containerRequests.forEach((name, quantity) -> requests.merge(name, quantity, BigDecimal::add));
                containerLimits.forEach((name, quantity) -> limits.merge(name, quantity, BigDecimal::add));
                if (!containerLimits.keySet().containsAll(QOS_RESOURCES)) {
                    guaranteed = false;
                }
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

    /** The cpu and memory entries of a resource list that hold a quantity above zero. */
    private static Map<String, BigDecimal> positiveQuantities(JsonNode list) {
        Map<String, BigDecimal> quantities = new HashMap<>();
        for (String name : QOS_RESOURCES) {
            Quantity.of(list.get(name))
                    .map(Quantity::value)
                    .filter(value -> value.signum() > 0)
                    .ifPresent(value -> quantities.put(name, value));
        }
        return quantities;
    }

    private static Set<String> names(JsonNode list) {
        Set<String> names = new HashSet<>();
        list.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
