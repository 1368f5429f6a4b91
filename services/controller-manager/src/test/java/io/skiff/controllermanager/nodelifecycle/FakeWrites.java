package io.skiff.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.skiff.component.informer.CacheIndexer;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/** Records the writes as lines and applies node writes to the node cache, as the informer would. */
final class FakeWrites implements NodeLifecycleWrites {

    final List<String> calls = new ArrayList<>();
    private final CacheIndexer<Node> nodes;

    FakeWrites(CacheIndexer<Node> nodes) {
        this.nodes = nodes;
    }

    @Override
    public Mono<Node> updateNodeStatus(Node node) {
        calls.add("status " + node.getMetadata().getName());
        nodes.put(node);
        return Mono.just(node);
    }

    @Override
    public Mono<Node> setTaints(Node node, List<Taint> taints) {
        calls.add("taints " + node.getMetadata().getName() + " "
                + taints.stream().map(t -> t.getKey() + ":" + t.getEffect()).toList());
        Node copy = new io.fabric8.kubernetes.api.model.NodeBuilder(node).build();
        copy.getSpec().setTaints(new ArrayList<>(taints));
        nodes.put(copy);
        return Mono.just(copy);
    }

    @Override
    public Mono<Pod> patchPodCondition(String namespace, String name, PodCondition condition) {
        calls.add("pod status " + name + " " + condition.getType() + "=" + condition.getStatus()
                + (condition.getReason() == null ? "" : " " + condition.getReason()));
        return Mono.empty();
    }

    @Override
    public Mono<Void> deletePod(String namespace, String name) {
        calls.add("delete " + name);
        return Mono.empty();
    }
}
