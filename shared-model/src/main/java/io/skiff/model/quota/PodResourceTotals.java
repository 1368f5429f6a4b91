package io.skiff.model.quota;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A pod's total requests and limits as resourcehelper.PodRequests and PodLimits compute them: the
 * app containers and the restartable ("sidecar") init containers add up; each other init container
 * needs itself plus the sidecars started before it while it runs; the larger of the two per
 * resource wins. The pod's overhead adds to every request, and to the limits that are set.
 */
public final class PodResourceTotals {

    private static final String RESTART_ALWAYS = "Always";

    private PodResourceTotals() {}

    public static Map<String, ResourceAmount> requests(Pod pod) {
        Map<String, ResourceAmount> requests = aggregate(pod, PodResourceTotals::declaredRequests);
        ResourceLists.addInto(requests, ResourceLists.of(overhead(pod)));
        return requests;
    }

    public static Map<String, ResourceAmount> limits(Pod pod) {
        Map<String, ResourceAmount> limits = aggregate(pod, PodResourceTotals::declaredLimits);
        ResourceLists.of(overhead(pod))
                .forEach((name, amount) -> limits.computeIfPresent(name, (n, limit) -> limit.plus(amount)));
        return limits;
    }

    private static Map<String, ResourceAmount> aggregate(Pod pod, Function<Container, Map<String, Quantity>> declared) {
        Map<String, ResourceAmount> total = new LinkedHashMap<>();
        if (pod.getSpec() == null) {
            return total;
        }
        for (Container container : orEmpty(pod.getSpec().getContainers())) {
            ResourceLists.addInto(total, ResourceLists.of(declared.apply(container)));
        }
        Map<String, ResourceAmount> sidecars = new LinkedHashMap<>();
        Map<String, ResourceAmount> initPeak = new LinkedHashMap<>();
        for (Container container : orEmpty(pod.getSpec().getInitContainers())) {
            Map<String, ResourceAmount> own = ResourceLists.of(declared.apply(container));
            Map<String, ResourceAmount> whileRunning;
            if (RESTART_ALWAYS.equals(container.getRestartPolicy())) {
                ResourceLists.addInto(total, own);
                ResourceLists.addInto(sidecars, own);
                whileRunning = new LinkedHashMap<>(sidecars);
            } else {
                whileRunning = new LinkedHashMap<>(own);
                ResourceLists.addInto(whileRunning, sidecars);
            }
            ResourceLists.maxInto(initPeak, whileRunning);
        }
        ResourceLists.maxInto(total, initPeak);
        return total;
    }

    private static Map<String, Quantity> declaredRequests(Container container) {
        return container.getResources() == null
                ? null
                : container.getResources().getRequests();
    }

    private static Map<String, Quantity> declaredLimits(Container container) {
        return container.getResources() == null
                ? null
                : container.getResources().getLimits();
    }

    private static Map<String, Quantity> overhead(Pod pod) {
        return pod.getSpec() == null ? null : pod.getSpec().getOverhead();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
