package io.skiff.scheduler.app;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.informer.Lister;
import io.skiff.scheduler.core.PodLister;
import java.util.Optional;

/** The scheduling loop's view of a pod's latest state: the pod informer's cache. */
final class InformerPodLister implements PodLister {

    private final Lister<Pod> pods;

    InformerPodLister(Lister<Pod> pods) {
        this.pods = pods;
    }

    @Override
    public Optional<Pod> get(String namespace, String name) {
        return pods.get(namespace, name);
    }
}
