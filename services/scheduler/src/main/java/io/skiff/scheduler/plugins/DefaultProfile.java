package io.skiff.scheduler.plugins;

import io.skiff.scheduler.framework.PluginRef;
import io.skiff.scheduler.framework.PluginSet;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.framework.ProfileConfig;

/**
 * The default plugins of a profile, as kube-scheduler's v1 defaults enable them through MultiPoint,
 * in its order and with its score weights: TaintToleration 3, NodeAffinity 2, PodTopologySpread 2,
 * InterPodAffinity 2, NodeResourcesFit 1, NodeResourcesBalancedAllocation 1, ImageLocality 1.
 * Kubernetes' PrioritySort (the queue orders by priority itself) and its volume plugins beyond
 * VolumeBinding (VolumeRestrictions, NodeVolumeLimits, VolumeZone) have no Skiff counterpart.
 */
public final class DefaultProfile {

    private DefaultProfile() {}

    /** The default MultiPoint plugins with their weights. */
    public static PluginSet multiPoint() {
        return PluginSet.enabled(
                PluginRef.of(Plugins.SCHEDULING_GATES),
                PluginRef.of(Plugins.NODE_UNSCHEDULABLE),
                PluginRef.of(Plugins.NODE_NAME),
                PluginRef.weighted(Plugins.TAINT_TOLERATION, 3),
                PluginRef.weighted(Plugins.NODE_AFFINITY, 2),
                PluginRef.of(Plugins.NODE_PORTS),
                PluginRef.weighted(Plugins.NODE_RESOURCES_FIT, 1),
                PluginRef.of(Plugins.VOLUME_BINDING),
                PluginRef.weighted(Plugins.POD_TOPOLOGY_SPREAD, 2),
                PluginRef.weighted(Plugins.INTER_POD_AFFINITY, 2),
                PluginRef.of(Plugins.DEFAULT_PREEMPTION),
                PluginRef.weighted(Plugins.NODE_RESOURCES_BALANCED_ALLOCATION, 1),
                PluginRef.weighted(Plugins.IMAGE_LOCALITY, 1),
                PluginRef.of(Plugins.DEFAULT_BINDER));
    }

    /** The defaults a profile with this scheduler name is merged over. */
    public static ProfileConfig defaults(String schedulerName) {
        return ProfileConfig.named(schedulerName).withMultiPoint(multiPoint());
    }
}
