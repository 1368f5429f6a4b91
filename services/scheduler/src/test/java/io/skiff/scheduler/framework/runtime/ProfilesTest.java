package io.skiff.scheduler.framework.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.scheduler.framework.ExtensionPoint;
import io.skiff.scheduler.framework.Parallelizer;
import io.skiff.scheduler.framework.PluginArgs;
import io.skiff.scheduler.framework.PluginSet;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.framework.ProfileConfig;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.plugins.DefaultProfile;
import io.skiff.scheduler.plugins.InTreeRegistry;
import io.skiff.scheduler.plugins.defaultbinder.PodBinder;
import io.skiff.scheduler.testing.EmptyClusterPorts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfilesTest {

    private static Map<String, FrameworkRunner> build(List<ProfileConfig> configs) {
        return Profiles.build(
                configs,
                DefaultProfile.multiPoint(),
                InTreeRegistry.create(),
                new Snapshot(),
                new Parallelizer(1),
                new PodNominations(),
                EmptyClusterPorts.builder().with(PodBinder.class, binding -> {}).build());
    }

    @Test
    void theDefaultProfileRunsKubernetesDefaultPluginsWithTheirWeights() {
        FrameworkRunner framework =
                build(List.of(ProfileConfig.named("default-scheduler"))).get("default-scheduler");

        assertThat(framework.pluginNames(ExtensionPoint.PRE_ENQUEUE)).containsExactly(Plugins.SCHEDULING_GATES);
        assertThat(framework.pluginNames(ExtensionPoint.FILTER))
                .containsExactly(
                        Plugins.NODE_UNSCHEDULABLE,
                        Plugins.NODE_NAME,
                        Plugins.TAINT_TOLERATION,
                        Plugins.NODE_AFFINITY,
                        Plugins.NODE_PORTS,
                        Plugins.NODE_RESOURCES_FIT,
                        Plugins.VOLUME_BINDING,
                        Plugins.POD_TOPOLOGY_SPREAD,
                        Plugins.INTER_POD_AFFINITY);
        assertThat(framework.pluginNames(ExtensionPoint.POST_FILTER)).containsExactly(Plugins.DEFAULT_PREEMPTION);
        assertThat(framework.pluginNames(ExtensionPoint.SCORE))
                .containsExactly(
                        Plugins.TAINT_TOLERATION,
                        Plugins.NODE_AFFINITY,
                        Plugins.NODE_RESOURCES_FIT,
                        Plugins.POD_TOPOLOGY_SPREAD,
                        Plugins.INTER_POD_AFFINITY,
                        Plugins.NODE_RESOURCES_BALANCED_ALLOCATION,
                        Plugins.IMAGE_LOCALITY);
        assertThat(List.of(
                        framework.scoreWeight(Plugins.TAINT_TOLERATION),
                        framework.scoreWeight(Plugins.NODE_AFFINITY),
                        framework.scoreWeight(Plugins.NODE_RESOURCES_FIT),
                        framework.scoreWeight(Plugins.POD_TOPOLOGY_SPREAD),
                        framework.scoreWeight(Plugins.INTER_POD_AFFINITY),
                        framework.scoreWeight(Plugins.NODE_RESOURCES_BALANCED_ALLOCATION),
                        framework.scoreWeight(Plugins.IMAGE_LOCALITY)))
                .containsExactly(3, 2, 1, 2, 2, 1, 1);
        assertThat(framework.pluginNames(ExtensionPoint.BIND)).containsExactly(Plugins.DEFAULT_BINDER);
    }

    @Test
    void aSecondProfileCanDropPluginsAndChangeTheScoringStrategy() {
        ProfileConfig binPacking = ProfileConfig.named("bin-packing")
                .withPluginSet(ExtensionPoint.SCORE, PluginSet.disabled(Plugins.IMAGE_LOCALITY))
                .withArgs(
                        Plugins.NODE_RESOURCES_FIT,
                        PluginArgs.of(Map.of("scoringStrategy", Map.of("type", "MostAllocated"))));

        Map<String, FrameworkRunner> profiles = build(List.of(ProfileConfig.named("default-scheduler"), binPacking));

        assertThat(profiles).containsOnlyKeys("default-scheduler", "bin-packing");
        assertThat(profiles.get("bin-packing").pluginNames(ExtensionPoint.SCORE))
                .doesNotContain(Plugins.IMAGE_LOCALITY);
    }

    @Test
    void duplicateSchedulerNamesAreRefused() {
        assertThatThrownBy(() -> build(List.of(ProfileConfig.named("a"), ProfileConfig.named("a"))))
                .hasMessage("duplicate profile with scheduler name \"a\"");
    }

    @Test
    void invalidPluginArgsNameTheProfile() {
        ProfileConfig broken = ProfileConfig.named("broken")
                .withArgs(
                        Plugins.NODE_RESOURCES_FIT, PluginArgs.of(Map.of("scoringStrategy", Map.of("type", "Random"))));

        assertThatThrownBy(() -> build(List.of(broken)))
                .hasMessageStartingWith("profile \"broken\": scoringStrategy.type");
    }
}
