package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a pod asks of a node, computed as Kubernetes' resourcehelper.PodRequests does: the sum of
 * the app containers and of the restartable ("sidecar") init containers, or the largest need of
 * any init container while it runs (itself plus the sidecars started before it), whichever is
 * larger per resource; plus the pod's overhead. Amounts are added exactly and rounded once, as
 * Kubernetes adds quantities before converting them.
 */
public final class PodRequests {

    /** The cpu a container without a cpu request counts as for spreading (100m), as kube-scheduler. */
    public static final long DEFAULT_MILLI_CPU_REQUEST = 100;

    /** The memory a container without a memory request counts as for spreading (200Mi), as kube-scheduler. */
    public static final long DEFAULT_MEMORY_REQUEST = 200L * 1024 * 1024;

    private static final Map<String, BigDecimal> NON_MISSING_DEFAULTS = Map.of(
            ResourceNames.CPU,
            BigDecimal.valueOf(DEFAULT_MILLI_CPU_REQUEST).movePointLeft(3),
            ResourceNames.MEMORY,
            BigDecimal.valueOf(DEFAULT_MEMORY_REQUEST));

    private static final String RESTART_ALWAYS = "Always";

    private PodRequests() {}

    /** The pod's requests, overhead included. */
    public static Resource of(Pod pod) {
        return toResource(exact(pod, Map.of()));
    }

    /**
     * The pod's requests where a container that requests no cpu or memory counts as requesting
     * 100m / 200Mi (an explicit zero stays zero), as kube-scheduler's "non-zero" accounting: used to
     * spread pods that declare nothing.
     */
    public static Resource nonZero(Pod pod) {
        return toResource(exact(pod, NON_MISSING_DEFAULTS));
    }

    private static Resource toResource(Map<String, BigDecimal> amounts) {
        Resource.Builder builder = Resource.builder();
        amounts.forEach(builder::add);
        return builder.build();
    }

    /** Exact summed amounts by resource name. */
    static Map<String, BigDecimal> exact(Pod pod, Map<String, BigDecimal> nonMissing) {
        Map<String, BigDecimal> requests = new HashMap<>();
        if (pod.getSpec() == null) {
            return requests;
        }
        for (Container container : orEmpty(pod.getSpec().getContainers())) {
            add(requests, containerRequests(container, nonMissing));
        }
        Map<String, BigDecimal> sidecars = new HashMap<>();
        Map<String, BigDecimal> initPeak = new HashMap<>();
        for (Container container : orEmpty(pod.getSpec().getInitContainers())) {
            Map<String, BigDecimal> own = containerRequests(container, nonMissing);
            Map<String, BigDecimal> whileRunning;
            if (RESTART_ALWAYS.equals(container.getRestartPolicy())) {
                // a sidecar keeps running beside the app containers, and beside later init containers
                add(requests, own);
                add(sidecars, own);
                whileRunning = sidecars;
            } else {
                whileRunning = new HashMap<>(own);
                add(whileRunning, sidecars);
            }
            max(initPeak, whileRunning);
        }
        max(requests, initPeak);
        if (pod.getSpec().getOverhead() != null) {
            add(requests, amounts(pod.getSpec().getOverhead()));
        }
        return requests;
    }

    private static Map<String, BigDecimal> containerRequests(Container container, Map<String, BigDecimal> nonMissing) {
        Map<String, Quantity> declared = container.getResources() == null
                ? null
                : container.getResources().getRequests();
        Map<String, BigDecimal> amounts = amounts(declared);
        nonMissing.forEach(amounts::putIfAbsent);
        return amounts;
    }

    private static Map<String, BigDecimal> amounts(Map<String, Quantity> list) {
        Map<String, BigDecimal> amounts = new HashMap<>();
        if (list != null) {
            list.forEach((name, quantity) -> {
                if (quantity != null) {
                    amounts.put(name, Resource.amount(quantity));
                }
            });
        }
        return amounts;
    }

    private static void add(Map<String, BigDecimal> into, Map<String, BigDecimal> amounts) {
        amounts.forEach((name, amount) -> into.merge(name, amount, BigDecimal::add));
    }

    private static void max(Map<String, BigDecimal> into, Map<String, BigDecimal> amounts) {
        amounts.forEach((name, amount) -> into.merge(name, amount, BigDecimal::max));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
