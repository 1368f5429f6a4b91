package io.skiff.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A {@link WorkloadLister} over fixed objects, as informer caches would hold them. */
final class MapWorkloadLister implements WorkloadLister {

    private final List<Service> services = new ArrayList<>();
    private final List<ReplicationController> controllers = new ArrayList<>();
    private final List<ReplicaSet> replicaSets = new ArrayList<>();
    private final List<StatefulSet> statefulSets = new ArrayList<>();

    MapWorkloadLister with(Service service) {
        services.add(service);
        return this;
    }

    MapWorkloadLister with(ReplicationController controller) {
        controllers.add(controller);
        return this;
    }

    MapWorkloadLister with(ReplicaSet replicaSet) {
        replicaSets.add(replicaSet);
        return this;
    }

    MapWorkloadLister with(StatefulSet statefulSet) {
        statefulSets.add(statefulSet);
        return this;
    }

    @Override
    public List<Service> services(String namespace) {
        return services.stream()
                .filter(s -> Objects.equals(s.getMetadata().getNamespace(), namespace))
                .toList();
    }

    @Override
    public Optional<ReplicationController> replicationController(String namespace, String name) {
        return controllers.stream()
                .filter(c -> Objects.equals(c.getMetadata().getNamespace(), namespace)
                        && c.getMetadata().getName().equals(name))
                .findFirst();
    }

    @Override
    public Optional<ReplicaSet> replicaSet(String namespace, String name) {
        return replicaSets.stream()
                .filter(r -> Objects.equals(r.getMetadata().getNamespace(), namespace)
                        && r.getMetadata().getName().equals(name))
                .findFirst();
    }

    @Override
    public Optional<StatefulSet> statefulSet(String namespace, String name) {
        return statefulSets.stream()
                .filter(s -> Objects.equals(s.getMetadata().getNamespace(), namespace)
                        && s.getMetadata().getName().equals(name))
                .findFirst();
    }
}
