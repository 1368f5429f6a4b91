package io.skiff.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.Patch;
import java.util.Map;
import reactor.core.publisher.Mono;

/** {@link DaemonSetControl} through the API server. */
final class ClientDaemonSetControl implements DaemonSetControl {

    private final KubeClient client;

    ClientDaemonSetControl(KubeClient client) {
        this.client = client;
    }

    @Override
    public Mono<Pod> createPod(String namespace, Pod pod) {
        return client.pods().create(namespace, pod);
    }

    @Override
    public Mono<Void> deletePod(String namespace, String name) {
        return client.pods().delete(namespace, name);
    }

    @Override
    public Mono<Pod> patchPod(String namespace, String name, Map<String, Object> strategicMergePatch) {
        return client.pods().patch(namespace, name, Patch.strategicMerge(strategicMergePatch));
    }

    @Override
    public Mono<DaemonSet> freshDaemonSet(String namespace, String name) {
        return client.resources(DaemonSet.class).find(namespace, name);
    }

    @Override
    public Mono<DaemonSet> updateStatus(DaemonSet daemonSet) {
        return client.resources(DaemonSet.class).updateStatus(daemonSet);
    }
}
