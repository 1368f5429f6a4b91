package io.skiff.scheduler.plugins;

import io.skiff.scheduler.framework.PluginRegistry;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.plugins.defaultbinder.DefaultBinder;
import io.skiff.scheduler.plugins.defaultbinder.PodBinder;
import io.skiff.scheduler.plugins.defaultpreemption.DefaultPreemption;
import io.skiff.scheduler.plugins.imagelocality.ImageLocality;
import io.skiff.scheduler.plugins.interpodaffinity.InterPodAffinity;
import io.skiff.scheduler.plugins.nodeaffinity.NodeAffinity;
import io.skiff.scheduler.plugins.nodeaffinity.NodeAffinityArgs;
import io.skiff.scheduler.plugins.nodename.NodeName;
import io.skiff.scheduler.plugins.nodeports.NodePorts;
import io.skiff.scheduler.plugins.noderesources.NodeResourcesBalancedAllocation;
import io.skiff.scheduler.plugins.noderesources.NodeResourcesBalancedAllocationArgs;
import io.skiff.scheduler.plugins.noderesources.NodeResourcesFit;
import io.skiff.scheduler.plugins.noderesources.NodeResourcesFitArgs;
import io.skiff.scheduler.plugins.nodeunschedulable.NodeUnschedulable;
import io.skiff.scheduler.plugins.podtopologyspread.PodTopologySpread;
import io.skiff.scheduler.plugins.schedulinggates.SchedulingGates;
import io.skiff.scheduler.plugins.tainttoleration.TaintToleration;
import io.skiff.scheduler.plugins.volumebinding.VolumeBinding;

/**
 * Every in-tree plugin by name, as Kubernetes' NewInTreeRegistry. Plugins that talk to the cluster
 * find their ports (e.g. {@link PodBinder}, the listers and the preemptor) through the handle when a
 * profile is built.
 */
public final class InTreeRegistry {

    private InTreeRegistry() {}

    public static PluginRegistry create() {
        return new PluginRegistry()
                .register(Plugins.SCHEDULING_GATES, (args, handle) -> new SchedulingGates())
                .register(Plugins.NODE_UNSCHEDULABLE, (args, handle) -> new NodeUnschedulable())
                .register(Plugins.NODE_NAME, (args, handle) -> new NodeName())
                .register(Plugins.TAINT_TOLERATION, (args, handle) -> new TaintToleration())
                .register(
                        Plugins.NODE_AFFINITY,
                        (args, handle) -> new NodeAffinity(args.as(NodeAffinityArgs.class, NodeAffinityArgs::defaults)))
                .register(Plugins.NODE_PORTS, (args, handle) -> new NodePorts())
                .register(
                        Plugins.NODE_RESOURCES_FIT,
                        (args, handle) -> new NodeResourcesFit(
                                args.as(NodeResourcesFitArgs.class, NodeResourcesFitArgs::defaults)))
                .register(
                        Plugins.NODE_RESOURCES_BALANCED_ALLOCATION,
                        (args, handle) -> new NodeResourcesBalancedAllocation(args.as(
                                NodeResourcesBalancedAllocationArgs.class,
                                NodeResourcesBalancedAllocationArgs::defaults)))
                .register(Plugins.IMAGE_LOCALITY, (args, handle) -> new ImageLocality(handle))
                .register(Plugins.VOLUME_BINDING, VolumeBinding.factory())
                .register(Plugins.POD_TOPOLOGY_SPREAD, PodTopologySpread.factory())
                .register(Plugins.INTER_POD_AFFINITY, InterPodAffinity.factory())
                .register(Plugins.DEFAULT_PREEMPTION, DefaultPreemption.factory())
                .register(Plugins.DEFAULT_BINDER, (args, handle) -> new DefaultBinder(handle.port(PodBinder.class)));
    }
}
