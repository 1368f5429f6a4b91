package io.skiff.scheduler.plugins.defaultpreemption;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.Filter;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.Status;

/**
 * A stand-in for NodeResourcesFit (another engineer's plugin) in preemption tests: the pod's cpu
 * request must fit the node's allocatable cpu beside the pods counted on it.
 */
final class CpuFit implements Filter {

    @Override
    public String name() {
        return "CpuFit";
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        long wanted = PodInfo.of(pod).requests().milliCpu();
        long free = nodeInfo.allocatable().milliCpu() - nodeInfo.requested().milliCpu();
        return wanted > free ? Status.unschedulable("Insufficient cpu") : Status.success();
    }
}
