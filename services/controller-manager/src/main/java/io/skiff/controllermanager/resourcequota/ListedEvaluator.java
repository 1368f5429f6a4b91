package io.skiff.controllermanager.resourcequota;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ScopedResourceSelectorRequirement;
import io.skiff.component.informer.Lister;
import io.skiff.model.quota.QuotaEvaluator;
import io.skiff.model.quota.ResourceAmount;
import io.skiff.model.quota.ScopeException;
import io.skiff.model.selector.LabelSelector;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** A shared {@link QuotaEvaluator} over the objects an informer's lister holds. */
abstract class ListedEvaluator<T extends HasMetadata> implements UsageEvaluator<T> {

    private final QuotaEvaluator<T> quota;
    private final Lister<T> objects;

    ListedEvaluator(QuotaEvaluator<T> quota, Lister<T> objects) {
        this.quota = quota;
        this.objects = objects;
    }

    @Override
    public String groupResource() {
        return quota.groupResource();
    }

    @Override
    public List<String> matchingResources(Collection<String> names) {
        return quota.matchingResources(names);
    }

    @Override
    public Map<String, ResourceAmount> usage(T object) {
        return quota.usage(object);
    }

    @Override
    public boolean matchesScope(ScopedResourceSelectorRequirement scope, T object) throws ScopeException {
        return quota.matchesScope(scope, object);
    }

    @Override
    public boolean countsDifferently(T before, T after) {
        return quota.countsDifferently(before, after);
    }

    @Override
    public List<T> list(String namespace) {
        return objects.list(namespace, LabelSelector.everything());
    }
}
