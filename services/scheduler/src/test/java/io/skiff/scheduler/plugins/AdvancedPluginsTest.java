package io.skiff.scheduler.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.skiff.scheduler.framework.Plugin;
import io.skiff.scheduler.framework.PluginArgs;
import io.skiff.scheduler.framework.PluginFactory;
import io.skiff.scheduler.framework.PluginRef;
import io.skiff.scheduler.framework.PluginRegistry;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.framework.Ports;
import io.skiff.scheduler.framework.ProfileConfig;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.plugins.defaultpreemption.PodDisruptionBudgetLister;
import io.skiff.scheduler.plugins.defaultpreemption.Preemptor;
import io.skiff.scheduler.plugins.interpodaffinity.NamespaceLister;
import io.skiff.scheduler.plugins.volumebinding.VolumeLister;
import io.skiff.scheduler.testing.FakeHandle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The registry entries build each plugin from profile args and the ports; the default profile's weights. */
class AdvancedPluginsTest {

    private static final NamespaceLister NAMESPACES = new NamespaceLister() {
        @Override
        public Optional<Namespace> get(String name) {
            return Optional.empty();
        }

        @Override
        public List<Namespace> list() {
            return List.of();
        }
    };
    private static final VolumeLister VOLUMES = new VolumeLister() {
        @Override
        public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<PersistentVolume> volume(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<StorageClass> storageClass(String name) {
            return Optional.empty();
        }
    };
    private static final Preemptor PREEMPTOR = new Preemptor() {
        @Override
        public void preempt(Pod preemptor, Pod victim, String nodeName) {}

        @Override
        public void clearNominatedNodeName(Pod pod) {}
    };

    @Test
    void buildsEveryPluginWithItsPorts() {
        FakeHandle handle = new FakeHandle(
                Snapshot.of(List.of(), List.of()),
                Ports.builder()
                        .with(NamespaceLister.class, NAMESPACES)
                        .with(VolumeLister.class, VOLUMES)
                        .with(PodDisruptionBudgetLister.class, List::of)
                        .with(Preemptor.class, PREEMPTOR)
                        .build());
        PluginRegistry registry = InTreeRegistry.create();

        List<String> advanced = List.of(
                Plugins.INTER_POD_AFFINITY,
                Plugins.POD_TOPOLOGY_SPREAD,
                Plugins.VOLUME_BINDING,
                Plugins.DEFAULT_PREEMPTION);
        assertThat(registry.names()).containsAll(advanced);
        for (String name : advanced) {
            PluginFactory factory = registry.factory(name).orElseThrow();
            Plugin plugin = factory.create(PluginArgs.none(), handle);
            assertThat(plugin.name()).isEqualTo(name);
        }
        Plugin configured = registry.factory(Plugins.INTER_POD_AFFINITY)
                .orElseThrow()
                .create(PluginArgs.of(Map.of("hardPodAffinityWeight", 5)), handle);
        assertThat(configured.name()).isEqualTo(Plugins.INTER_POD_AFFINITY);
    }

    @Test
    void aMissingPortFailsWhenTheProfileIsBuilt() {
        FakeHandle handle = new FakeHandle(Snapshot.of(List.of(), List.of()));

        assertThatIllegalStateException()
                .isThrownBy(() -> InTreeRegistry.create()
                        .factory(Plugins.VOLUME_BINDING)
                        .orElseThrow()
                        .create(PluginArgs.none(), handle))
                .withMessage("no VolumeLister registered in Ports");
        // PodTopologySpread works without a WorkloadLister: default constraints are then not applied
        assertThat(InTreeRegistry.create()
                        .factory(Plugins.POD_TOPOLOGY_SPREAD)
                        .orElseThrow()
                        .create(PluginArgs.none(), handle)
                        .name())
                .isEqualTo(Plugins.POD_TOPOLOGY_SPREAD);
    }

    @Test
    void defaultProfileUsesKubernetesScoreWeights() {
        Map<String, Integer> weights = new java.util.LinkedHashMap<>();
        for (PluginRef ref : DefaultProfile.multiPoint().enabled()) {
            weights.put(ref.name(), ref.weight());
        }

        assertThat(weights)
                .containsEntry(Plugins.INTER_POD_AFFINITY, 2)
                .containsEntry(Plugins.POD_TOPOLOGY_SPREAD, 2)
                .containsEntry(Plugins.TAINT_TOLERATION, 3)
                .containsEntry(Plugins.NODE_AFFINITY, 2)
                .containsEntry(Plugins.NODE_RESOURCES_FIT, 1)
                .containsEntry(Plugins.NODE_RESOURCES_BALANCED_ALLOCATION, 1)
                .containsEntry(Plugins.IMAGE_LOCALITY, 1)
                .containsKeys(Plugins.VOLUME_BINDING, Plugins.DEFAULT_PREEMPTION, Plugins.DEFAULT_BINDER);
        assertThat(DefaultProfile.defaults(ProfileConfig.DEFAULT_SCHEDULER_NAME).schedulerName())
                .isEqualTo("default-scheduler");
    }
}
