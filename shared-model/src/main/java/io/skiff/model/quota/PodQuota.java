package io.skiff.model.quota;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ScopedResourceSelectorRequirement;
import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Quota of pods (pkg/quota/v1/evaluator/core/pods.go): count/pods counts every pod; pods and the
 * compute resources count only pods that still run or may run (not Succeeded or Failed, and not
 * stuck terminating past their grace period), with requests and limits summed as the kubelet
 * reserves them.
 */
public final class PodQuota implements QuotaEvaluator<Pod> {

    public static final String OBJECT_COUNT = QuotaEvaluator.objectCountName("pods");

    private static final List<String> RESOURCES = List.of(
            OBJECT_COUNT,
            "cpu",
            "memory",
            "ephemeral-storage",
            "requests.cpu",
            "requests.memory",
            "requests.ephemeral-storage",
            "limits.cpu",
            "limits.memory",
            "limits.ephemeral-storage",
            "pods");

    private static final String HUGE_PAGES_PREFIX = "hugepages-";
    private static final String REQUESTS_PREFIX = "requests.";
    private static final List<String> RESOURCE_PREFIXES =
            List.of(HUGE_PAGES_PREFIX, REQUESTS_PREFIX + HUGE_PAGES_PREFIX);

    private final Clock clock;

    public PodQuota(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String groupResource() {
        return "pods";
    }

    @Override
    public List<String> matchingResources(Collection<String> names) {
        List<String> matching = new ArrayList<>();
        for (String name : names) {
            if (RESOURCES.contains(name)
                    || RESOURCE_PREFIXES.stream().anyMatch(name::startsWith)
                    || isExtendedResourceNameForQuota(name)) {
                matching.add(name);
            }
        }
        return matching;
    }

    @Override
    public Map<String, ResourceAmount> usage(Pod pod) {
        Map<String, ResourceAmount> usage = new LinkedHashMap<>();
        usage.put(OBJECT_COUNT, ResourceAmount.of(1));
        if (!countsCompute(pod, clock.instant())) {
            return usage;
        }
        ResourceLists.addInto(usage, computeUsage(PodResourceTotals.requests(pod), PodResourceTotals.limits(pod)));
        return usage;
    }

    @Override
    public boolean matchesScope(ScopedResourceSelectorRequirement scope, Pod pod) throws ScopeException {
        return PodScopes.matches(scope, pod);
    }

    @Override
    public boolean countsDifferently(Pod before, Pod after) {
        return QuotaEvaluator.super.countsDifferently(before, after)
                || !Objects.equals(PodScopes.facts(before), PodScopes.facts(after));
    }

    /**
     * QuotaV1Pod: a pod counts until it finishes, or until its grace period ran out while it is
     * being deleted (a pod stuck terminating on a lost node must not hold quota).
     */
    public static boolean countsCompute(Pod pod, Instant now) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return false;
        }
        String deletion = pod.getMetadata().getDeletionTimestamp();
        Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (deletion != null && grace != null) {
            return KubeTimes.parse(deletion)
                    .map(deleted -> !now.isAfter(deleted.plusSeconds(grace)))
                    .orElse(true);
        }
        return true;
    }

    /**
     * What one container's requests and limits count for (podComputeUsageHelper), which quota
     * admission checks against the compute resources a quota limits.
     */
    public static Map<String, ResourceAmount> containerUsage(
            Map<String, ResourceAmount> requests, Map<String, ResourceAmount> limits) {
        return computeUsage(requests, limits);
    }

    /** podComputeUsageHelper: the quota names each request and limit counts under. */
    private static Map<String, ResourceAmount> computeUsage(
            Map<String, ResourceAmount> requests, Map<String, ResourceAmount> limits) {
        Map<String, ResourceAmount> usage = new LinkedHashMap<>();
        usage.put("pods", ResourceAmount.of(1));
        for (String resource : List.of("cpu", "memory", "ephemeral-storage")) {
            ResourceAmount request = requests.get(resource);
            if (request != null) {
                usage.put(resource, request);
                usage.put(REQUESTS_PREFIX + resource, request);
            }
            ResourceAmount limit = limits.get(resource);
            if (limit != null) {
                usage.put("limits." + resource, limit);
            }
        }
        requests.forEach((resource, request) -> {
            if (resource.startsWith(HUGE_PAGES_PREFIX)) {
                usage.put(resource, request);
                usage.put(REQUESTS_PREFIX + resource, request);
            }
            if (isExtendedResourceName(resource)) {
                usage.put(REQUESTS_PREFIX + resource, request);
            }
        });
        return usage;
    }

    /** helper.IsNativeResource: no domain, or one under kubernetes.io. */
    private static boolean isNativeResource(String name) {
        return !name.contains("/") || name.contains("kubernetes.io/");
    }

    /** helper.IsExtendedResourceName: a resource of another domain, such as example.com/gpu. */
    private static boolean isExtendedResourceName(String name) {
        return !isNativeResource(name) && !name.startsWith(REQUESTS_PREFIX);
    }

    /** Extended resources are quota'd as requests.&lt;name&gt; only, since they cannot be overcommitted. */
    private static boolean isExtendedResourceNameForQuota(String name) {
        return !isNativeResource(name) && name.startsWith(REQUESTS_PREFIX);
    }
}
