package io.skiff.apiserver.patch;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.api.model.storage.CSINodeSpec;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code patchStrategy} / {@code patchMergeKey} struct tags of the Go API types, by the fabric8
 * class mirroring the Go struct and the JSON name of the field. Taken from k8s.io/api
 * (core/v1, apps/v1, batch/v1, policy/v1, autoscaling/v2, storage/v1 types.go) and
 * k8s.io/apimachinery meta/v1 ObjectMeta; networking/v1, rbac/v1, discovery/v1, coordination/v1,
 * scheduling/v1, events/v1 and autoscaling/v1 declare none. Every field not listed here has no tag.
 *
 * <p>Tags belong to Go types, not to kinds: PodSpec's tags hold in a Pod, in every workload's
 * template and in a CronJob's job template alike, just as in Kubernetes.
 */
final class GoStructTags {

    private final Map<Class<?>, Map<String, PatchTag>> tags = new HashMap<>();

    static GoStructTags kubernetes() {
        GoStructTags tags = new GoStructTags();
        // k8s.io/apimachinery/pkg/apis/meta/v1
        tags.merge(ObjectMeta.class, "finalizers", null);
        tags.merge(ObjectMeta.class, "ownerReferences", "uid");
        // core/v1
        tags.mergeRetainingKeys(PodSpec.class, "volumes", "name");
        tags.merge(PodSpec.class, "initContainers", "name");
        tags.merge(PodSpec.class, "containers", "name");
        tags.merge(PodSpec.class, "ephemeralContainers", "name");
        tags.merge(PodSpec.class, "imagePullSecrets", "name");
        tags.merge(PodSpec.class, "hostAliases", "ip");
        tags.merge(PodSpec.class, "topologySpreadConstraints", "topologyKey");
        tags.merge(PodSpec.class, "schedulingGates", "name");
        tags.mergeRetainingKeys(PodSpec.class, "resourceClaims", "name");
        for (Class<?> container : new Class<?>[] {Container.class, EphemeralContainer.class}) {
            tags.merge(container, "ports", "containerPort");
            tags.merge(container, "env", "name");
            tags.merge(container, "volumeMounts", "mountPath");
            tags.merge(container, "volumeDevices", "devicePath");
        }
        tags.merge(ContainerStatus.class, "volumeMounts", "mountPath");
        tags.merge(ContainerStatus.class, "allocatedResourcesStatus", "name");
        tags.merge(PodStatus.class, "conditions", "type");
        tags.merge(PodStatus.class, "podIPs", "ip");
        tags.merge(PodStatus.class, "hostIPs", "ip");
        tags.mergeRetainingKeys(PodStatus.class, "resourceClaimStatuses", "name");
        tags.merge(ReplicationControllerStatus.class, "conditions", "type");
        tags.merge(ServiceSpec.class, "ports", "port");
        tags.merge(ServiceStatus.class, "conditions", "type");
        tags.merge(ServiceAccount.class, "secrets", "name");
        tags.merge(NodeSpec.class, "podCIDRs", null);
        tags.merge(NodeStatus.class, "conditions", "type");
        tags.merge(NodeStatus.class, "addresses", "type");
        tags.merge(NamespaceStatus.class, "conditions", "type");
        tags.merge(PersistentVolumeClaimStatus.class, "conditions", "type");
        // apps/v1
        tags.put(DeploymentSpec.class, "strategy", new PatchTag(PatchStrategy.DEFAULT, true, null));
        tags.merge(DeploymentStatus.class, "conditions", "type");
        tags.merge(ReplicaSetStatus.class, "conditions", "type");
        tags.merge(DaemonSetStatus.class, "conditions", "type");
        tags.merge(StatefulSetStatus.class, "conditions", "type");
        // batch/v1, policy/v1, autoscaling/v2, storage/v1
        tags.merge(JobStatus.class, "conditions", "type");
        tags.merge(PodDisruptionBudgetStatus.class, "conditions", "type");
        tags.merge(io.fabric8.kubernetes.api.model.flowcontrol.v1.FlowSchemaStatus.class, "conditions", "type");
        tags.merge(
                io.fabric8.kubernetes.api.model.flowcontrol.v1.PriorityLevelConfigurationStatus.class,
                "conditions",
                "type");
        tags.merge(HorizontalPodAutoscalerStatus.class, "conditions", "type");
        tags.merge(CSINodeSpec.class, "drivers", "name");
        return tags;
    }

    /** The tags of one field; {@link PatchTag#NONE} for fields without any. */
    PatchTag of(Class<?> owner, String field) {
        return tags.getOrDefault(owner, Map.of()).getOrDefault(field, PatchTag.NONE);
    }

    /** Every tagged field, by owner class. */
    Map<Class<?>, Map<String, PatchTag>> all() {
        return Map.copyOf(tags);
    }

    private void merge(Class<?> owner, String field, String mergeKey) {
        put(owner, field, new PatchTag(PatchStrategy.MERGE, false, mergeKey));
    }

    private void mergeRetainingKeys(Class<?> owner, String field, String mergeKey) {
        put(owner, field, new PatchTag(PatchStrategy.MERGE, true, mergeKey));
    }

    private void put(Class<?> owner, String field, PatchTag tag) {
        tags.computeIfAbsent(owner, c -> new HashMap<>()).put(field, tag);
    }
}
