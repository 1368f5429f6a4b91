package io.skiff.scheduler.plugins.nodeunschedulable;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.skiff.model.scheduling.Taints;
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
import java.util.Objects;

/**
 * Keeps pods off cordoned nodes ({@code spec.unschedulable}), unless the pod tolerates the
 * {@code node.kubernetes.io/unschedulable:NoSchedule} taint that stands for cordoning (DaemonSet
 * pods do).
 */
public final class NodeUnschedulable implements Filter, EnqueueExtensions {

    /** Kubernetes' reason for a cordoned node. */
    public static final String ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";

    private static final Taint UNSCHEDULABLE_TAINT = new TaintBuilder()
            .withKey(Taints.NODE_UNSCHEDULABLE)
            .withEffect(Taints.NO_SCHEDULE)
            .build();

    @Override
    public String name() {
        return Plugins.NODE_UNSCHEDULABLE;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        if (!isUnschedulable(nodeInfo.node()) || toleratesUnschedulable(pod)) {
            return Status.success();
        }
        return Status.unschedulableAndUnresolvable(ERR_REASON_UNSCHEDULABLE);
    }

    /** An uncordoned or new schedulable node, or the pod gaining the toleration, may help. */
    @Override
    public List<ClusterEventWithHint> eventsToRegister() {
        return List.of(
                new ClusterEventWithHint(
                        ClusterEvent.of(EventResource.NODE, ActionType.ADD, ActionType.UPDATE_NODE_TAINT),
                        NodeUnschedulable::afterNodeChange),
                new ClusterEventWithHint(
                        ClusterEvent.of(EventResource.UNSCHEDULED_POD, ActionType.UPDATE_POD_TOLERATION),
                        (pod, oldObject, newObject) ->
                                newObject instanceof Pod && toleratesUnschedulable((Pod) newObject)
                                        ? QueueingHint.QUEUE
                                        : QueueingHint.SKIP));
    }

    private static QueueingHint afterNodeChange(Pod pod, Object oldObject, Object newObject) {
        if (!(newObject instanceof Node)) {
            return QueueingHint.SKIP;
        }
        Node now = (Node) newObject;
        if (isUnschedulable(now) && !toleratesUnschedulable(pod)) {
            return QueueingHint.SKIP;
        }
        boolean wasUnschedulable = oldObject instanceof Node && isUnschedulable((Node) oldObject);
        return oldObject == null || wasUnschedulable ? QueueingHint.QUEUE : QueueingHint.SKIP;
    }

    private static boolean isUnschedulable(Node node) {
        return node.getSpec() != null && Objects.equals(node.getSpec().getUnschedulable(), Boolean.TRUE);
    }

    private static boolean toleratesUnschedulable(Pod pod) {
        return Taints.tolerated(pod.getSpec().getTolerations(), UNSCHEDULABLE_TAINT);
    }
}
