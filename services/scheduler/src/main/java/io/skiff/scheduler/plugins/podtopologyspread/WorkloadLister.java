package io.skiff.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Optional;

/**
 * The workloads whose selectors stand in for a pod's spreading selector when the pod declares no
 * constraints of its own and the cluster-level default constraints apply: the Services selecting
 * the pod and its controlling ReplicationController, ReplicaSet or StatefulSet (Kubernetes'
 * helper.DefaultSelector). The integrator backs it with informers and registers it in the Ports;
 * without it the default constraints are not applied.
 */
public interface WorkloadLister {

    /** The Services of a namespace. */
    List<Service> services(String namespace);

    Optional<ReplicationController> replicationController(String namespace, String name);

    Optional<ReplicaSet> replicaSet(String namespace, String name);

    Optional<StatefulSet> statefulSet(String namespace, String name);
}
