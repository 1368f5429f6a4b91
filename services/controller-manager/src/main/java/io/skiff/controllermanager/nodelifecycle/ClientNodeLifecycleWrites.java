package io.skiff.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.Patch;
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
    public Mono<Pod> patchPodStatus(String namespace, String name, Patch patch) {
        return client.pods().patchStatus(namespace, name, patch);
    }

    @Override
    public Mono<Void> deletePod(String namespace, String name) {
        return client.pods().delete(namespace, name);
    }
}
