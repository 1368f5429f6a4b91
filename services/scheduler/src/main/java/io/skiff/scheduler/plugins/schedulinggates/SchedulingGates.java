package io.skiff.scheduler.plugins.schedulinggates;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.skiff.scheduler.framework.ActionType;
import io.skiff.scheduler.framework.ClusterEvent;
import io.skiff.scheduler.framework.ClusterEventWithHint;
import io.skiff.scheduler.framework.EnqueueExtensions;
import io.skiff.scheduler.framework.EventResource;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.framework.PreEnqueue;
import io.skiff.scheduler.framework.QueueingHint;
import io.skiff.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.List;

/** Holds pods with {@code spec.schedulingGates} out of scheduling until every gate is removed. */
public final class SchedulingGates implements PreEnqueue, EnqueueExtensions {

    @Override
    public String name() {
        return Plugins.SCHEDULING_GATES;
    }

    @Override
    public Status preEnqueue(Pod pod) {
        List<PodSchedulingGate> gates = pod.getSpec().getSchedulingGates();
        if (gates == null || gates.isEmpty()) {
            return Status.success();
        }
        List<String> names = new ArrayList<>();
        for (PodSchedulingGate gate : gates) {
            names.add(gate.getName());
        }
        return Status.unschedulableAndUnresolvable("waiting for scheduling gates: [" + String.join(" ", names) + "]");
    }

    @Override
    public List<ClusterEventWithHint> eventsToRegister() {
        return List.of(new ClusterEventWithHint(
                ClusterEvent.of(EventResource.UNSCHEDULED_POD, ActionType.UPDATE_POD_SCHEDULING_GATES_ELIMINATED),
                (pod, oldObject, newObject) -> newObject instanceof Pod && preEnqueueAllows((Pod) newObject)
                        ? QueueingHint.QUEUE
                        : QueueingHint.SKIP));
    }

    private static boolean preEnqueueAllows(Pod pod) {
        return pod.getSpec().getSchedulingGates() == null
                || pod.getSpec().getSchedulingGates().isEmpty();
    }
}
