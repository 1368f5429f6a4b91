package io.skiff.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.skiff.model.scheduling.RequiredNodeAffinity;
import io.skiff.model.scheduling.Taints;
import java.util.List;

/**
 * Whether a DaemonSet belongs on a node (NodeShouldRunDaemonPod), judged on the pod it would run
 * there, daemon tolerations included.
 *
 * @param shouldRun a daemon pod should be started on the node if there is none
 * @param shouldContinueRunning a daemon pod already on the node may stay: it fits, or the only
 *     taints it does not tolerate are NoSchedule ones, which do not evict
 */
record NodePlacement(boolean shouldRun, boolean shouldContinueRunning) {

    static NodePlacement of(Node node, DaemonSet daemonSet) {
        String nodeName = node.getMetadata().getName();
        PodSpec template = daemonSet.getSpec().getTemplate().getSpec();
        String templateNode = template == null ? null : template.getNodeName();
        if (templateNode != null && !templateNode.isEmpty() && !templateNode.equals(nodeName)) {
            return new NodePlacement(false, false);
        }
        PodSpec pod = DaemonPods.simulatedSpec(daemonSet, nodeName);
        if (!RequiredNodeAffinity.of(pod).matches(node)) {
            return new NodePlacement(false, false);
        }
        List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
        boolean fitsTaints = Taints.findUntolerated(taints, pod.getTolerations(), Taints.DO_NOT_SCHEDULE)
                .isEmpty();
        if (fitsTaints) {
            return new NodePlacement(true, true);
        }
        boolean evicted = Taints.findUntolerated(
                        taints, pod.getTolerations(), taint -> Taints.NO_EXECUTE.equals(taint.getEffect()))
                .isPresent();
        return new NodePlacement(false, !evicted);
    }
}
