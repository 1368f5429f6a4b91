package io.skiff.scheduler.app;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.model.selector.LabelSelector;
import io.skiff.scheduler.plugins.defaultpreemption.PodDisruptionBudgetLister;
import io.skiff.scheduler.plugins.interpodaffinity.NamespaceLister;
import io.skiff.scheduler.plugins.podtopologyspread.WorkloadLister;
import io.skiff.scheduler.plugins.volumebinding.VolumeLister;
import java.util.List;
import java.util.Optional;

/**
 * The objects besides pods and nodes that plugins consult, read from shared informers: namespaces
 * (affinity namespace selectors), volumes and claims (VolumeBinding), disruption budgets
 * (preemption) and the workloads whose selectors give default topology spread constraints.
 */
final class InformerListers implements NamespaceLister, VolumeLister, WorkloadLister {

    private final Lister<Namespace> namespaces;
    private final Lister<PersistentVolumeClaim> claims;
    private final Lister<PersistentVolume> volumes;
    private final Lister<StorageClass> storageClasses;
    private final Lister<PodDisruptionBudget> budgets;
    private final Lister<Service> services;
    private final Lister<ReplicationController> replicationControllers;
    private final Lister<ReplicaSet> replicaSets;
    private final Lister<StatefulSet> statefulSets;

    InformerListers(SharedInformerFactory informers) {
        this.namespaces = informers.informerFor(Namespace.class).lister();
        this.claims = informers.informerFor(PersistentVolumeClaim.class).lister();
        this.volumes = informers.informerFor(PersistentVolume.class).lister();
        this.storageClasses = informers.informerFor(StorageClass.class).lister();
        this.budgets = informers.informerFor(PodDisruptionBudget.class).lister();
        this.services = informers.informerFor(Service.class).lister();
        this.replicationControllers =
                informers.informerFor(ReplicationController.class).lister();
        this.replicaSets = informers.informerFor(ReplicaSet.class).lister();
        this.statefulSets = informers.informerFor(StatefulSet.class).lister();
    }

    @Override
    public Optional<Namespace> get(String name) {
        return namespaces.get(name);
    }

    @Override
    public List<Namespace> list() {
        return namespaces.list(LabelSelector.everything());
    }

    @Override
    public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
        return claims.get(namespace, name);
    }

    @Override
    public Optional<PersistentVolume> volume(String name) {
        return volumes.get(name);
    }

    @Override
    public Optional<StorageClass> storageClass(String name) {
        return storageClasses.get(name);
    }

    /** Every PodDisruptionBudget, as preemption's {@link PodDisruptionBudgetLister}. */
    PodDisruptionBudgetLister budgets() {
        return this::allBudgets;
    }

    private List<PodDisruptionBudget> allBudgets() {
        return budgets.list("", LabelSelector.everything());
    }

    @Override
    public List<Service> services(String namespace) {
        return services.list(namespace, LabelSelector.everything());
    }

    @Override
    public Optional<ReplicationController> replicationController(String namespace, String name) {
        return replicationControllers.get(namespace, name);
    }

    @Override
    public Optional<ReplicaSet> replicaSet(String namespace, String name) {
        return replicaSets.get(namespace, name);
    }

    @Override
    public Optional<StatefulSet> statefulSet(String namespace, String name) {
        return statefulSets.get(namespace, name);
    }
}
