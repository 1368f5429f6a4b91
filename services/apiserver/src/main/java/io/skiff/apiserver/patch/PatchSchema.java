package io.skiff.apiserver.patch;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.storage.CSIDriver;
import io.fabric8.kubernetes.api.model.storage.CSINode;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.skiff.model.catalog.ResourceType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Patch metadata (patchStrategy / patchMergeKey / list types) of the built-in kinds, by field path:
 * the structure of each kind comes from the fabric8 model classes, the strategies from the Go
 * struct tags of the Kubernetes API types ({@link GoStructTags}).
 *
 * <p>Start from {@link #root(ResourceType)} and walk with {@link FieldSchema#child(String)} and
 * {@link FieldSchema#element()}: {@code root(pods).child("spec").child("containers")} is a list
 * merging on {@code name}, whose {@code element().child("env")} merges on {@code name} too.
 *
 * <h2>Server-side apply</h2>
 *
 * <p>Server-side apply ({@code application/apply-patch+yaml}) walks the same structure with other
 * metadata: the {@code +listType}, {@code +listMapKey}, {@code +mapType} and {@code +structType}
 * markers of the Go types (Kubernetes' {@code x-kubernetes-list-type}, {@code -list-map-keys},
 * {@code -map-type}). {@link FabricModel} stays the one source of structure; each field carries a
 * second, separately curated annotation next to its {@link PatchTag}, from {@link ApplyMarkers}:
 * {@link FieldSchema#listType()} (atomic, set, or map with {@link FieldSchema#listMapKeys()}) and
 * {@link FieldSchema#granular()} for maps and structs. Where a field has no marker, the patch tags
 * decide, as they do in Kubernetes' conversion. The markers cannot be derived from the tags: keys
 * are often composite where the merge key is single ({@code containerPort} + {@code protocol}),
 * some lists are maps or sets without a patch strategy, and some merge under patch but are atomic
 * under apply (a pod's hostIPs, a Job's conditions).
 */
public final class PatchSchema {

    private static final List<Class<? extends HasMetadata>> BUILTIN_KINDS = List.of(
            ConfigMap.class,
            Endpoints.class,
            Event.class,
            LimitRange.class,
            Namespace.class,
            Node.class,
            PersistentVolumeClaim.class,
            PersistentVolume.class,
            Pod.class,
            PodTemplate.class,
            ReplicationController.class,
            ResourceQuota.class,
            Secret.class,
            ServiceAccount.class,
            Service.class,
            ControllerRevision.class,
            DaemonSet.class,
            Deployment.class,
            ReplicaSet.class,
            StatefulSet.class,
            io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler.class,
            io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class,
            CronJob.class,
            Job.class,
            Lease.class,
            CertificateSigningRequest.class,
            EndpointSlice.class,
            io.fabric8.kubernetes.api.model.events.v1.Event.class,
            Ingress.class,
            IngressClass.class,
            NetworkPolicy.class,
            PodDisruptionBudget.class,
            ClusterRole.class,
            ClusterRoleBinding.class,
            Role.class,
            RoleBinding.class,
            PriorityClass.class,
            CSIDriver.class,
            CSINode.class,
            StorageClass.class,
            VolumeAttachment.class,
            io.fabric8.kubernetes.api.model.flowcontrol.v1.FlowSchema.class,
            io.fabric8.kubernetes.api.model.flowcontrol.v1.PriorityLevelConfiguration.class);

    private static final PatchSchema BUILTIN =
            new PatchSchema(BUILTIN_KINDS, GoStructTags.kubernetes(), ApplyMarkers.kubernetes());

    private final Map<String, FieldSchema> roots = new LinkedHashMap<>();

    private PatchSchema(List<Class<? extends HasMetadata>> kinds, GoStructTags tags, ApplyMarkers markers) {
        FabricModel model = new FabricModel(tags, markers);
        for (Class<? extends HasMetadata> kind : kinds) {
            roots.put(key(HasMetadata.getApiVersion(kind), HasMetadata.getKind(kind)), model.root(kind));
        }
    }

    /** The built-in kinds of Kubernetes 1.32 that Skiff serves or may serve. */
    public static PatchSchema builtin() {
        return BUILTIN;
    }

    /** The schema of whole objects of a type; empty for kinds without Go types, such as custom resources. */
    public Optional<FieldSchema> root(ResourceType type) {
        return root(type.apiVersion(), type.kind());
    }

    public Optional<FieldSchema> root(String apiVersion, String kind) {
        return Optional.ofNullable(roots.get(key(apiVersion, kind)));
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + "/" + kind;
    }
}
