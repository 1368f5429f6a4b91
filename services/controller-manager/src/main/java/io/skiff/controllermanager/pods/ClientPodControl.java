package io.skiff.controllermanager.pods;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.Patch;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * {@link PodControl} through the API server. A controller whose port has more calls (the StatefulSet
 * controller's pod updates and claims) extends it.
 */
public class ClientPodControl<O extends HasMetadata> implements PodControl<O> {

    private final KubeClient client;
    private final BiFunction<String, String, Mono<O>> freshOwner;
    private final Function<O, Mono<O>> updateStatus;

    /** Owners read and written as the API server stores them. */
    public ClientPodControl(KubeClient client, Class<O> ownerType) {
        this(
                client,
                (namespace, name) -> client.resources(ownerType).find(namespace, name),
                owner -> client.resources(ownerType).updateStatus(owner));
    }

    /** Owners read and written through a conversion (ReplicationControllers managed as ReplicaSets). */
    public ClientPodControl(
            KubeClient client, BiFunction<String, String, Mono<O>> freshOwner, Function<O, Mono<O>> updateStatus) {
        this.client = client;
        this.freshOwner = freshOwner;
        this.updateStatus = updateStatus;
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
    public Mono<O> freshOwner(String namespace, String name) {
        return freshOwner.apply(namespace, name);
    }

    @Override
    public Mono<O> updateStatus(O owner) {
        return updateStatus.apply(owner);
    }
}
