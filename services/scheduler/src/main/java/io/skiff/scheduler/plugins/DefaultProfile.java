package io.skiff.scheduler.plugins;

import io.skiff.scheduler.framework.PluginRef;
import io.skiff.scheduler.framework.PluginSet;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.framework.ProfileConfig;

/**
 * kube-scheduler's default plugins and score weights (KubeSchedulerConfiguration v1 MultiPoint),
 * in Kubernetes' order. PrioritySort is the queue's fixed order here; InterPodAffinity (2),
 * PodTopologySpread (2), VolumeBinding and DefaultPreemption join when they are registered.
 */
public final class DefaultProfile {

    private DefaultProfile() {}

    /** The default MultiPoint plugin set. */
    public static PluginSet multiPoint() {
        return PluginSet.enabled(
                PluginRef.of(Plugins.SCHEDULING_GATES),
                PluginRef.of(Plugins.NODE_UNSCHEDULABLE),
                PluginRef.of(Plugins.NODE_NAME),
                PluginRef.weighted(Plugins.TAINT_TOLERATION, 3),
                PluginRef.weighted(Plugins.NODE_AFFINITY, 2),
                PluginRef.of(Plugins.NODE_PORTS),
                PluginRef.weighted(Plugins.NODE_RESOURCES_FIT, 1),
                PluginRef.weighted(Plugins.NODE_RESOURCES_BALANCED_ALLOCATION, 1),
                PluginRef.weighted(Plugins.IMAGE_LOCALITY, 1),
                PluginRef.of(Plugins.DEFAULT_BINDER));
    }

    /** The defaults a profile with this scheduler name is merged over. */
    public static ProfileConfig defaults(String schedulerName) {
        return ProfileConfig.named(schedulerName).withMultiPoint(multiPoint());
    }
}
