package io.skiff.scheduler.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.Ports;
import io.skiff.scheduler.plugins.defaultpreemption.PodDisruptionBudgetLister;
import io.skiff.scheduler.plugins.defaultpreemption.Preemptor;
import io.skiff.scheduler.plugins.interpodaffinity.NamespaceLister;
import io.skiff.scheduler.plugins.volumebinding.VolumeLister;
import java.util.List;
import java.util.Optional;

/**
 * The ports the default plugins look up, for a cluster with no namespaces, volumes or disruption
 * budgets; preemption of a victim fails the test, since these clusters never need it.
 */
public final class EmptyClusterPorts {

    private EmptyClusterPorts() {}

    public static Ports.Builder builder() {
        return Ports.builder()
                .with(NamespaceLister.class, new NamespaceLister() {
                    @Override
                    public Optional<io.fabric8.kubernetes.api.model.Namespace> get(String name) {
                        return Optional.empty();
                    }

                    @Override
                    public List<io.fabric8.kubernetes.api.model.Namespace> list() {
                        return List.of();
                    }
                })
                .with(VolumeLister.class, new VolumeLister() {
                    @Override
                    public Optional<io.fabric8.kubernetes.api.model.PersistentVolumeClaim> claim(
                            String namespace, String name) {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<io.fabric8.kubernetes.api.model.PersistentVolume> volume(String name) {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<io.fabric8.kubernetes.api.model.storage.StorageClass> storageClass(String name) {
                        return Optional.empty();
                    }
                })
                .with(PodDisruptionBudgetLister.class, List::of)
                .with(Preemptor.class, new Preemptor() {
                    @Override
                    public void preempt(Pod preemptor, Pod victim, String nodeName) {
                        throw new AssertionError("unexpected preemption of "
                                + victim.getMetadata().getName());
                    }

                    @Override
                    public void clearNominatedNodeName(Pod pod) {}
                });
    }
}
