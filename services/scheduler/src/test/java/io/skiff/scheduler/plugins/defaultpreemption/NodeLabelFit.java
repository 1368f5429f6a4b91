package io.skiff.scheduler.plugins.defaultpreemption;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.Filter;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.Status;
import java.util.Map;

/**
 * A stand-in for NodeAffinity (another engineer's plugin) in preemption tests: a node must carry
 * the pod's nodeSelector labels, which no eviction can change.
 */
final class NodeLabelFit implements Filter {

    @Override
    public String name() {
        return "NodeLabelFit";
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        Map<String, String> wanted = pod.getSpec().getNodeSelector();
        Map<String, String> labels = nodeInfo.node().getMetadata().getLabels();
        if (wanted == null || wanted.isEmpty()) {
            return Status.success();
        }
        for (Map.Entry<String, String> label : wanted.entrySet()) {
            if (labels == null || !label.getValue().equals(labels.get(label.getKey()))) {
                return Status.unschedulableAndUnresolvable("node(s) didn't match Pod's node affinity/selector");
            }
        }
        return Status.success();
    }
}
