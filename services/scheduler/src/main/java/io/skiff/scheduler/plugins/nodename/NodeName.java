package io.skiff.scheduler.plugins.nodename;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.ActionType;
import io.skiff.scheduler.framework.ClusterEvent;
import io.skiff.scheduler.framework.ClusterEventWithHint;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.EnqueueExtensions;
import io.skiff.scheduler.framework.EventResource;
import io.skiff.scheduler.framework.Filter;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.framework.QueueingHint;
import io.skiff.scheduler.framework.Status;
import java.util.List;

/** Keeps a pod that names a node ({@code spec.nodeName}) off every other node. */
public final class NodeName implements Filter, EnqueueExtensions {

    /** Kubernetes' reason for a node other than the one the pod names. */
    public static final String ERR_REASON = "node(s) didn't match the requested node name";

    @Override
    public String name() {
        return Plugins.NODE_NAME;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        return fits(pod, nodeInfo.node()) ? Status.success() : Status.unschedulableAndUnresolvable(ERR_REASON);
    }

    /** Only the arrival of the named node can help. */
    @Override
    public List<ClusterEventWithHint> eventsToRegister() {
        return List.of(new ClusterEventWithHint(
                ClusterEvent.of(EventResource.NODE, ActionType.ADD),
                (pod, oldObject, newObject) -> newObject instanceof Node && fits(pod, (Node) newObject)
                        ? QueueingHint.QUEUE
                        : QueueingHint.SKIP));
    }

    private static boolean fits(Pod pod, Node node) {
        String wanted = pod.getSpec().getNodeName();
        return wanted == null
                || wanted.isEmpty()
                || wanted.equals(node.getMetadata().getName());
    }
}
