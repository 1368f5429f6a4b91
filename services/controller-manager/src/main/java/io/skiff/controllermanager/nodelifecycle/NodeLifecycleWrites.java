package io.skiff.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import reactor.core.publisher.Mono;

/** The writes of the node lifecycle and taint eviction controllers, behind an interface for fixtures. */
interface NodeLifecycleWrites {

    /** Writes the node's status, with its resourceVersion as precondition. */
    Mono<Node> updateNodeStatus(Node node);

    /**
     * Replaces the node's taints, conditional on the resourceVersion read (nodeutil.PatchNodeTaints):
     * taints have no merge key, so the whole list is sent.
     */
    Mono<Node> setTaints(Node node, List<Taint> taints);

    /** Sets one condition in the pod's status (merged by type), the phase left alone. */
    Mono<Pod> patchPodCondition(String namespace, String name, PodCondition condition);

    /** Deletes the pod with its own grace period, as an eviction does. */
    Mono<Void> deletePod(String namespace, String name);
}
