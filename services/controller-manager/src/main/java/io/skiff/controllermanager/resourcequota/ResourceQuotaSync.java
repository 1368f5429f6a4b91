package io.skiff.controllermanager.resourcequota;

import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatus;
import io.fabric8.kubernetes.api.model.ScopedResourceSelectorRequirement;
import io.fabric8.kubernetes.api.model.ScopedResourceSelectorRequirementBuilder;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.model.quota.ResourceAmount;
import io.skiff.model.quota.ResourceLists;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one ResourceQuota (syncResourceQuota): status.hard becomes spec.hard, status.used is
 * measured again for the names the evaluators know and kept as it was for the others, and the
 * status is written only when either changed. If some usage could not be measured, the rest is
 * still written and the quota is retried.
 */
final class ResourceQuotaSync implements Reconciler<String> {

    private static final Logger log = LoggerFactory.getLogger(ResourceQuotaSync.class);

    private final Lister<ResourceQuota> quotas;
    private final QuotaUsage usage;
    private final QuotaStatusWriter writer;
    private final Duration timeout;

    ResourceQuotaSync(Lister<ResourceQuota> quotas, QuotaUsage usage, QuotaStatusWriter writer, Duration timeout) {
        this.quotas = quotas;
        this.usage = usage;
        this.writer = writer;
        this.timeout = timeout;
    }

    @Override
    public Result sync(String key) {
        Optional<ResourceQuota> cached = quotas.get(ObjectKeys.namespaceOf(key), ObjectKeys.nameOf(key));
        if (cached.isEmpty()) {
            return Result.done();
        }
        ResourceQuota quota = cached.get();
        ResourceQuotaStatus status = quota.getStatus() == null ? new ResourceQuotaStatus() : quota.getStatus();
        Map<String, ResourceAmount> hard = ResourceLists.of(
                quota.getSpec() == null ? null : quota.getSpec().getHard());
        Map<String, ResourceAmount> previous = ResourceLists.of(status.getUsed());
        boolean dirty = !ResourceLists.equal(hard, ResourceLists.of(status.getHard()))
                || status.getHard() == null
                || status.getUsed() == null;

        QuotaUsage.Measured measured = usage.measure(quota.getMetadata().getNamespace(), scopes(quota), hard.keySet());
        Map<String, ResourceAmount> used = new LinkedHashMap<>(previous);
        used.putAll(measured.used());
        used = ResourceLists.mask(used, hard.keySet());
        dirty = dirty || !ResourceLists.equal(used, previous);

        if (dirty) {
            ResourceQuota updated = new ResourceQuotaBuilder(quota).build();
            ResourceQuotaStatus newStatus = new ResourceQuotaStatus();
            newStatus.setHard(
                    quota.getSpec() == null || quota.getSpec().getHard() == null
                            ? new TreeMap<>()
                            : new TreeMap<>(quota.getSpec().getHard()));
            newStatus.setUsed(ResourceLists.toQuantities(used));
            updated.setStatus(newStatus);
            log.debug("Updating usage of ResourceQuota {}: {}", key, newStatus.getUsed());
            writer.updateStatus(updated).block(timeout);
        }
        if (!measured.failures().isEmpty()) {
            RuntimeException failure = measured.failures().get(0);
            measured.failures().stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
        return Result.done();
    }

    /** getScopeSelectorsFromQuota: each spec.scopes entry as an Exists requirement, then the scope selector's. */
    static List<ScopedResourceSelectorRequirement> scopes(ResourceQuota quota) {
        List<ScopedResourceSelectorRequirement> scopes = new ArrayList<>();
        if (quota.getSpec() == null) {
            return scopes;
        }
        if (quota.getSpec().getScopes() != null) {
            for (String scope : quota.getSpec().getScopes()) {
                scopes.add(new ScopedResourceSelectorRequirementBuilder()
                        .withScopeName(scope)
                        .withOperator("Exists")
                        .build());
            }
        }
        if (quota.getSpec().getScopeSelector() != null
                && quota.getSpec().getScopeSelector().getMatchExpressions() != null) {
            scopes.addAll(quota.getSpec().getScopeSelector().getMatchExpressions());
        }
        return scopes;
    }
}
