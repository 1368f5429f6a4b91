package io.skiff.model.quota;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ScopedResourceSelectorRequirement;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * How quota measures one kind of object (quota.Evaluator), shared by the resource quota controller
 * and the ResourceQuota admission plugin: which quota resource names it accounts for, what one
 * object uses of them, and whether an object falls in a quota scope.
 *
 * @param <T> the kind of object
 */
public interface QuotaEvaluator<T extends HasMetadata> {

    /** The group-resource of the objects, "pods" or "deployments.apps". */
    String groupResource();

    /** The names among {@code names} this evaluator accounts for (MatchingResources). */
    List<String> matchingResources(Collection<String> names);

    /** What one object uses (Usage); may name more resources than a quota tracks. */
    Map<String, ResourceAmount> usage(T object);

    /**
     * Whether the object falls in the scope; kinds without scopes fall in none (MatchesNoScopeFunc).
     *
     * @throws ScopeException when the scope's selector cannot be evaluated
     */
    default boolean matchesScope(ScopedResourceSelectorRequirement scope, T object) throws ScopeException {
        return false;
    }

    /**
     * Whether an update changes what the object counts for in some quota, so quotas must be
     * recounted: by default, when its usage changes.
     */
    default boolean countsDifferently(T before, T after) {
        return !ResourceLists.equal(usage(before), usage(after));
    }

    /** The quota resource name that counts objects of a group-resource: "count/pods", "count/deployments.apps". */
    static String objectCountName(String groupResource) {
        return "count/" + groupResource;
    }
}
