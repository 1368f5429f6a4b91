package io.skiff.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.Patch;
import io.skiff.controllermanager.pods.PodStatusPatches;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/** {@link NodeLifecycleWrites} through the API server. */
final class ClientNodeLifecycleWrites implements NodeLifecycleWrites {

    private final KubeClient client;

    ClientNodeLifecycleWrites(KubeClient client) {
        this.client = client;
    }

    @Override
    public Mono<Node> updateNodeStatus(Node node) {
        return client.nodes().updateStatus(node);
    }

    @Override
    public Mono<Node> setTaints(Node node, List<Taint> taints) {
        Map<String, Object> patch = Map.of(
                "metadata", Map.of("resourceVersion", node.getMetadata().getResourceVersion()),
                "spec", Map.of("taints", taints));
        return client.nodes().patch(null, node.getMetadata().getName(), Patch.strategicMerge(patch));
    }

    @Override
    public Mono<Pod> patchPodCondition(String namespace, String name, PodCondition condition) {
        return client.pods().patchStatus(namespace, name, PodStatusPatches.condition(condition));
    }

    @Override
    public Mono<Void> deletePod(String namespace, String name) {
        return client.pods().delete(namespace, name);
    }
}
