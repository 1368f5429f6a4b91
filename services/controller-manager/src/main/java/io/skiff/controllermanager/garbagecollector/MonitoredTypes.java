package io.skiff.controllermanager.garbagecollector;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;

/**
 * The resource types whose objects the collector watches: those that own or are owned in
 * practice. Events are left out, as kube-controller-manager's garbage collector ignores them.
 */
final class MonitoredTypes {

    static final List<Class<? extends HasMetadata>> ALL = List.of(
            Pod.class,
            ReplicationController.class,
            ReplicaSet.class,
            Deployment.class,
            StatefulSet.class,
            DaemonSet.class,
            ControllerRevision.class,
            Job.class,
            CronJob.class,
            ConfigMap.class,
            Secret.class,
            Service.class,
            EndpointSlice.class,
            PersistentVolumeClaim.class);

    private MonitoredTypes() {}
}
