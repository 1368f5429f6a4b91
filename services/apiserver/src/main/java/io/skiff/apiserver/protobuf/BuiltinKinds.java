package io.skiff.apiserver.protobuf;

import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Coordination;
import io.kubernetes.client.proto.V1Discovery;
import io.kubernetes.client.proto.V1Events;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import io.kubernetes.client.proto.V2Autoscaling;

/**
 * The built-in kinds a client may send as protobuf, with the message of each. Lists, read-only
 * kinds and the internal RangeAllocation are left out: no client writes them.
 */
final class BuiltinKinds {

    private BuiltinKinds() {}

    static KindRegistry registry() {
        return new KindRegistry()
                .add(
                        "v1",
                        V1.Binding.getDescriptor(),
                        V1.ConfigMap.getDescriptor(),
                        V1.Endpoints.getDescriptor(),
                        V1.Event.getDescriptor(),
                        V1.LimitRange.getDescriptor(),
                        V1.Namespace.getDescriptor(),
                        V1.Node.getDescriptor(),
                        V1.PersistentVolume.getDescriptor(),
                        V1.PersistentVolumeClaim.getDescriptor(),
                        V1.Pod.getDescriptor(),
                        V1.PodTemplate.getDescriptor(),
                        V1.ReplicationController.getDescriptor(),
                        V1.ResourceQuota.getDescriptor(),
                        V1.Secret.getDescriptor(),
                        V1.Service.getDescriptor(),
                        V1.ServiceAccount.getDescriptor())
                .add(
                        "apps/v1",
                        V1Apps.ControllerRevision.getDescriptor(),
                        V1Apps.DaemonSet.getDescriptor(),
                        V1Apps.Deployment.getDescriptor(),
                        V1Apps.ReplicaSet.getDescriptor(),
                        V1Apps.StatefulSet.getDescriptor())
                .add("batch/v1", V1Batch.CronJob.getDescriptor(), V1Batch.Job.getDescriptor())
                .add("coordination.k8s.io/v1", V1Coordination.Lease.getDescriptor())
                .add("discovery.k8s.io/v1", V1Discovery.EndpointSlice.getDescriptor())
                .add(
                        "networking.k8s.io/v1",
                        V1Networking.Ingress.getDescriptor(),
                        V1Networking.IngressClass.getDescriptor(),
                        V1Networking.IPAddress.getDescriptor(),
                        V1Networking.NetworkPolicy.getDescriptor(),
                        V1Networking.ServiceCIDR.getDescriptor())
                .add("policy/v1", V1Policy.Eviction.getDescriptor(), V1Policy.PodDisruptionBudget.getDescriptor())
                .add("scheduling.k8s.io/v1", V1Scheduling.PriorityClass.getDescriptor())
                .add("events.k8s.io/v1", V1Events.Event.getDescriptor())
                .add(
                        "rbac.authorization.k8s.io/v1",
                        V1Rbac.ClusterRole.getDescriptor(),
                        V1Rbac.ClusterRoleBinding.getDescriptor(),
                        V1Rbac.Role.getDescriptor(),
                        V1Rbac.RoleBinding.getDescriptor())
                .add(
                        "storage.k8s.io/v1",
                        V1Storage.CSIDriver.getDescriptor(),
                        V1Storage.CSINode.getDescriptor(),
                        V1Storage.CSIStorageCapacity.getDescriptor(),
                        V1Storage.StorageClass.getDescriptor(),
                        V1Storage.VolumeAttachment.getDescriptor(),
                        V1Storage.VolumeAttributesClass.getDescriptor())
                .add(
                        "autoscaling/v1",
                        V1Autoscaling.HorizontalPodAutoscaler.getDescriptor(),
                        V1Autoscaling.Scale.getDescriptor())
                .add("autoscaling/v2", V2Autoscaling.HorizontalPodAutoscaler.getDescriptor())
                .add(
                        "authentication.k8s.io/v1",
                        V1Authentication.SelfSubjectReview.getDescriptor(),
                        V1Authentication.TokenRequest.getDescriptor(),
                        V1Authentication.TokenReview.getDescriptor())
                .add(
                        "authorization.k8s.io/v1",
                        V1Authorization.LocalSubjectAccessReview.getDescriptor(),
                        V1Authorization.SelfSubjectAccessReview.getDescriptor(),
                        V1Authorization.SelfSubjectRulesReview.getDescriptor(),
                        V1Authorization.SubjectAccessReview.getDescriptor())
                .add("certificates.k8s.io/v1", V1Certificates.CertificateSigningRequest.getDescriptor());
    }
}
