package io.skiff.controllermanager.resourcequota;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ScopedResourceSelectorRequirement;
import io.skiff.model.quota.ResourceAmount;
import io.skiff.model.quota.ResourceLists;
import io.skiff.model.quota.ScopeException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The usage a quota's hard limits name, measured by the evaluators (quota.CalculateUsage and
 * generic.CalculateUsageStats): each evaluator counts the objects of the namespace that fall in
 * every scope of the quota, starting each tracked resource at zero. Names no evaluator measures
 * are left out; so are the names of an evaluator that failed.
 */
final class QuotaUsage {

    /** The core kind quota never counts (the controller's ignored resources). */
    private static final Set<String> IGNORED = Set.of("events");

    private static final String COUNT_PREFIX = "count/";

    /**
     * @param used the measured usage, for the measured names only
     * @param failures what could not be measured
     */
    record Measured(Map<String, ResourceAmount> used, List<RuntimeException> failures) {}

    private final List<UsageEvaluator<?>> evaluators;
    private final ObjectCounter counter;

    QuotaUsage(List<UsageEvaluator<?>> evaluators, ObjectCounter counter) {
        this.evaluators = List.copyOf(evaluators);
        this.counter = counter;
    }

    Measured measure(String namespace, List<ScopedResourceSelectorRequirement> scopes, Collection<String> hard) {
        Set<String> matched = new LinkedHashSet<>();
        for (UsageEvaluator<?> evaluator : evaluators) {
            matched.addAll(evaluator.matchingResources(hard));
        }
        Map<String, ResourceAmount> used = new LinkedHashMap<>();
        List<RuntimeException> failures = new ArrayList<>();
        for (UsageEvaluator<?> evaluator : evaluators) {
            List<String> tracked = evaluator.matchingResources(matched);
            if (!tracked.isEmpty()) {
                ResourceLists.addInto(used, usageStats(evaluator, namespace, scopes, tracked));
            }
        }
        for (String name : hard) {
            if (matched.contains(name) || !name.startsWith(COUNT_PREFIX)) {
                continue;
            }
            String groupResource = name.substring(COUNT_PREFIX.length());
            if (IGNORED.contains(groupResource)) {
                continue;
            }
            try {
                OptionalLong count = counter.count(groupResource, namespace);
                if (count.isPresent()) {
                    matched.add(name);
                    // Scopes select pods only: no object of another kind falls in one.
                    used.put(name, scopes.isEmpty() ? ResourceAmount.of(count.getAsLong()) : ResourceAmount.ZERO);
                }
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        return new Measured(ResourceLists.mask(used, matched), List.copyOf(failures));
    }

    /**
     * CalculateUsageStats: every tracked resource from zero, plus the usage of each object that
     * falls in all the scopes. A scope that cannot be evaluated ends the count where it is, as in
     * Kubernetes.
     */
    static <T extends HasMetadata> Map<String, ResourceAmount> usageStats(
            UsageEvaluator<T> evaluator,
            String namespace,
            List<ScopedResourceSelectorRequirement> scopes,
            List<String> tracked) {
        Map<String, ResourceAmount> used = new LinkedHashMap<>();
        tracked.forEach(name -> used.put(name, ResourceAmount.ZERO));
        for (T object : evaluator.list(namespace)) {
            boolean inScopes = true;
            for (ScopedResourceSelectorRequirement scope : scopes) {
                try {
                    boolean inScope = evaluator.matchesScope(scope, object);
                    inScopes = inScopes && inScope;
                } catch (ScopeException e) {
                    return used;
                }
            }
            if (inScopes) {
                ResourceLists.addInto(used, evaluator.usage(object));
            }
        }
        return used;
    }
}
