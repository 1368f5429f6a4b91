package io.skiff.kubelet.envvars;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.skiff.model.quantity.Quantities;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The downward API's resourceFieldRef: a container's requests or limits of cpu, memory,
 * ephemeral-storage or hugepages, divided by the divisor and rounded up, as Kubernetes'
 * ExtractContainerResourceValue does. A limit the container does not set reads as the node's
 * allocatable (MergeContainerResourceLimits).
 */
public final class ResourceFields {

    private static final List<String> DEFAULTED_LIMITS = List.of("cpu", "memory", "ephemeral-storage");
    private static final String HUGEPAGES_PREFIX = "hugepages-";

    private ResourceFields() {}

    /**
     * The value for a container of {@code pod}: {@code container} itself when the selector names no
     * container, else the pod's container (or init container) of that name.
     *
     * @throws IllegalArgumentException with Kubernetes' message
     */
    public static String value(
            ResourceFieldSelector selector, Pod pod, Container container, Map<String, Quantity> allocatable) {
        String containerName = selector.getContainerName();
        if (containerName == null || containerName.isEmpty()) {
            return containerValue(selector, limitsWithDefaults(container, allocatable), container);
        }
        Container named = findContainer(pod, containerName);
        // the kubelet defaults the limits of the pod's app containers only (defaultPodLimitsForDownwardAPI)
        boolean appContainer = pod.getSpec().getContainers() != null
                && pod.getSpec().getContainers().stream().anyMatch(c -> containerName.equals(c.getName()));
        Map<String, Quantity> limits =
                appContainer ? limitsWithDefaults(named, allocatable) : limitsWithDefaults(named, Map.of());
        return containerValue(selector, limits, named);
    }

    /**
     * The value for the pod's container (or init container) named {@code containerName}, as a
     * downwardAPI volume reads it.
     */
    public static String valueByContainerName(
            ResourceFieldSelector selector, Pod pod, String containerName, Map<String, Quantity> allocatable) {
        Container named = findContainer(pod, containerName);
        return containerValue(selector, limitsWithDefaults(named, allocatable), named);
    }

    private static String containerValue(ResourceFieldSelector selector, Map<String, Quantity> limits, Container c) {
        Map<String, Quantity> requests = requestsOf(c);
        String resource = selector.getResource() == null ? "" : selector.getResource();
        Quantity divisor = selector.getDivisor();
        if (divisor == null || isZero(divisor)) {
            divisor = new Quantity("1");
        }
        return switch (resource) {
            case "limits.cpu" -> cpu(limits.get("cpu"), divisor);
            case "limits.memory" -> bytes(limits.get("memory"), divisor);
            case "limits.ephemeral-storage" -> bytes(limits.get("ephemeral-storage"), divisor);
            case "requests.cpu" -> cpu(requests.get("cpu"), divisor);
            case "requests.memory" -> bytes(requests.get("memory"), divisor);
            case "requests.ephemeral-storage" -> bytes(requests.get("ephemeral-storage"), divisor);
            default -> hugePages(resource, limits, requests, divisor);
        };
    }

    private static String hugePages(
            String resource, Map<String, Quantity> limits, Map<String, Quantity> requests, Quantity divisor) {
        if (resource.startsWith("requests." + HUGEPAGES_PREFIX)) {
            return bytes(requests.get(resource.substring("requests.".length())), divisor);
        }
        if (resource.startsWith("limits." + HUGEPAGES_PREFIX)) {
            return bytes(limits.get(resource.substring("limits.".length())), divisor);
        }
        throw new IllegalArgumentException("unsupported container resource : " + resource);
    }

    /** Kubernetes divides in float64 and takes the ceiling; so does this. */
    private static String cpu(Quantity quantity, Quantity divisor) {
        double value = (double) milliValue(quantity) / (double) milliValue(divisor);
        return String.valueOf((long) Math.ceil(value));
    }

    private static String bytes(Quantity quantity, Quantity divisor) {
        double value = (double) value(quantity) / (double) value(divisor);
        return String.valueOf((long) Math.ceil(value));
    }

    /**
     * The container's limits, with cpu, memory and ephemeral-storage taken from the node's
     * allocatable where the container sets none or zero (hugepages are never overcommitted, so
     * always set).
     */
    public static Map<String, Quantity> limitsWithDefaults(Container container, Map<String, Quantity> allocatable) {
        ResourceRequirements resources = container.getResources();
        Map<String, Quantity> limits = new HashMap<>();
        if (resources != null && resources.getLimits() != null) {
            limits.putAll(resources.getLimits());
        }
        for (String resource : DEFAULTED_LIMITS) {
            Quantity limit = limits.get(resource);
            if ((limit == null || isZero(limit)) && allocatable.containsKey(resource)) {
                limits.put(resource, allocatable.get(resource));
            }
        }
        return limits;
    }

    private static Map<String, Quantity> requestsOf(Container container) {
        ResourceRequirements resources = container.getResources();
        return resources == null || resources.getRequests() == null ? Map.of() : resources.getRequests();
    }

    private static Container findContainer(Pod pod, String name) {
        for (List<Container> containers :
                List.of(pod.getSpec().getContainers(), pod.getSpec().getInitContainers())) {
            if (containers == null) {
                continue;
            }
            for (Container container : containers) {
                if (name.equals(container.getName())) {
                    return container;
                }
            }
        }
        throw new IllegalArgumentException("container " + name + " not found");
    }

    static String text(Quantity quantity) {
        if (quantity == null || quantity.getAmount() == null) {
            return "0";
        }
        return quantity.getAmount() + (quantity.getFormat() == null ? "" : quantity.getFormat());
    }

    private static long milliValue(Quantity quantity) {
        return Quantities.milliValue(text(quantity));
    }

    private static long value(Quantity quantity) {
        return Quantities.value(text(quantity));
    }

    private static boolean isZero(Quantity quantity) {
        return Quantities.parse(text(quantity)).compareTo(BigDecimal.ZERO) == 0;
    }
}
