package io.skiff.controllermanager.resourcequota;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import io.skiff.model.quota.ResourceLists;
import io.skiff.model.selector.LabelSelector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The resource quota controller's workers, run only while this controller manager leads. A quota
 * is synced when it appears, when its spec.hard changes, and every sync period in full; and when
 * an object it counts appears, goes, or changes what it counts for (a pod finishing, a service
 * changing type, a claim growing). Kubernetes charges creations in its ResourceQuota admission
 * plugin and so skips them here; Skiff has no such plugin, so creations queue a recount too.
 */
public final class ResourceQuotaController implements LeaderWork {

    /** The name kube-controller-manager gives this controller, used for its queue. */
    public static final String NAME = "resourcequota_primary";

    private final SharedIndexInformer<ResourceQuota> quotas;
    private final LeaderControllerLoop loop;

    /**
     * @param counted each evaluator with the informer of the kind it measures
     */
    ResourceQuotaController(
            SharedIndexInformer<ResourceQuota> quotas,
            Map<UsageEvaluator<?>, SharedIndexInformer<?>> counted,
            ResourceQuotaSync sync,
            Duration syncPeriod,
            MeterRegistry registry,
            int workers) {
        this.quotas = quotas;
        List<SharedIndexInformer<?>> informers = new ArrayList<>(List.of(quotas));
        informers.addAll(counted.values());
        this.loop = new LeaderControllerLoop(
                NAME,
                sync,
                informers,
                () -> quotas.lister().list(LabelSelector.everything()).stream()
                        .map(ObjectKeys::keyOf)
                        .toList(),
                registry,
                workers);
        quotas.addEventHandlerWithResyncPeriod(
                new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ResourceQuota quota) {
                        loop.enqueue(ObjectKeys.keyOf(quota));
                    }

                    @Override
                    public void onUpdate(ResourceQuota oldQuota, ResourceQuota newQuota) {
                        // A resync (the same object) is the periodic full recount; otherwise only a
                        // change of spec.hard matters, as status changes are this controller's own.
                        if (oldQuota == newQuota || hardChanged(oldQuota, newQuota)) {
                            loop.enqueue(ObjectKeys.keyOf(newQuota));
                        }
                    }

                    @Override
                    public void onDelete(ResourceQuota quota, boolean finalStateUnknown) {
                        loop.enqueue(ObjectKeys.keyOf(quota));
                    }
                },
                syncPeriod);
        counted.forEach(this::replenishOn);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void replenishOn(UsageEvaluator<?> evaluator, SharedIndexInformer<?> informer) {
        ((SharedIndexInformer) informer).addEventHandler(new Replenishment(evaluator));
    }

    /** Queues the quotas of an object's namespace that track what its evaluator measures. */
    private final class Replenishment<T extends HasMetadata> implements ResourceEventHandler<T> {

        private final UsageEvaluator<T> evaluator;

        Replenishment(UsageEvaluator<T> evaluator) {
            this.evaluator = evaluator;
        }

        @Override
        public void onAdd(T object) {
            replenish(object);
        }

        @Override
        public void onUpdate(T oldObject, T newObject) {
            if (oldObject != newObject && evaluator.countsDifferently(oldObject, newObject)) {
                replenish(newObject);
            }
        }

        @Override
        public void onDelete(T object, boolean finalStateUnknown) {
            replenish(object);
        }

        private void replenish(T object) {
            if (!loop.running()) {
                return;
            }
            for (ResourceQuota quota :
                    quotas.lister().list(object.getMetadata().getNamespace(), LabelSelector.everything())) {
                Map<String, ?> hard =
                        quota.getSpec() == null ? null : quota.getSpec().getHard();
                if (hard != null && !evaluator.matchingResources(hard.keySet()).isEmpty()) {
                    loop.enqueue(ObjectKeys.keyOf(quota));
                }
            }
        }
    }

    private static boolean hardChanged(ResourceQuota oldQuota, ResourceQuota newQuota) {
        return !ResourceLists.equal(
                ResourceLists.of(
                        oldQuota.getSpec() == null ? null : oldQuota.getSpec().getHard()),
                ResourceLists.of(
                        newQuota.getSpec() == null ? null : newQuota.getSpec().getHard()));
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }
}
