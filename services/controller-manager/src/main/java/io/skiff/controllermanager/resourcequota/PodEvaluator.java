package io.skiff.controllermanager.resourcequota;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.informer.Lister;
import io.skiff.model.quota.PodQuota;
import java.time.Clock;

/** Quota of the pods in the informer's cache (see {@link PodQuota}). */
final class PodEvaluator extends ListedEvaluator<Pod> {

    static final String OBJECT_COUNT = PodQuota.OBJECT_COUNT;

    PodEvaluator(Lister<Pod> pods, Clock clock) {
        super(new PodQuota(clock), pods);
    }
}
