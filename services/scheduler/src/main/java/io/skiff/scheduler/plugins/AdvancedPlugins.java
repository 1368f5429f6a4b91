package io.skiff.scheduler.plugins;

import io.skiff.scheduler.framework.PluginRegistry;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.plugins.defaultpreemption.DefaultPreemption;
import io.skiff.scheduler.plugins.interpodaffinity.InterPodAffinity;
import io.skiff.scheduler.plugins.podtopologyspread.PodTopologySpread;
import io.skiff.scheduler.plugins.volumebinding.VolumeBinding;

/**
 * Registry entries of InterPodAffinity, PodTopologySpread, VolumeBinding and DefaultPreemption, to
 * {@link PluginRegistry#merge merge} into the in-tree registry with the other plugins.
 *
 * <p>Their factories look up ports the integrator registers in the framework's Ports:
 * InterPodAffinity needs a {@code NamespaceLister}, VolumeBinding a {@code VolumeLister},
 * DefaultPreemption a {@code PodDisruptionBudgetLister} and a {@code Preemptor}; PodTopologySpread
 * uses a {@code WorkloadLister} if one is registered (without it, default constraints are not
 * applied).
 */
public final class AdvancedPlugins {

    private AdvancedPlugins() {}

    public static PluginRegistry registry() {
        return new PluginRegistry()
                .register(Plugins.INTER_POD_AFFINITY, InterPodAffinity.factory())
                .register(Plugins.POD_TOPOLOGY_SPREAD, PodTopologySpread.factory())
                .register(Plugins.VOLUME_BINDING, VolumeBinding.factory())
                .register(Plugins.DEFAULT_PREEMPTION, DefaultPreemption.factory());
    }
}
