package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeSpec;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.ReplicationControllerSpec;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceStatus;
import io.fabric8.kubernetes.api.model.ScopeSelector;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecretReference;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.TopologySelectorTerm;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v1.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.storage.CSIDriverSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The server-side apply markers of the Go API types wherever they differ from what the patch tags
 * ({@link GoStructTags}) imply, after the schema kube-apiserver 1.32 applies with (k8s.io/api
 * types.go markers, as client-go's applyconfigurations schema spells them out).
 *
 * <p>Without a marker, Kubernetes' OpenAPI-to-structured-merge-diff conversion takes a list tagged
 * {@code patchStrategy=merge} as a map on its {@code patchMergeKey} (a set for scalars), every other
 * list as atomic, and maps and structs as granular. The markers listed here override that: lists
 * keyed by several fields, lists that merge under a strategic patch but are atomic under apply,
 * lists that are maps or sets without a patch strategy, atomic maps ({@code +mapType=atomic}),
 * atomic struct types ({@code +structType=atomic}, which hold wherever the type is used unless a
 * field says {@code +structType=granular}), and the defaults that stand in for missing key fields.
 */
final class ApplyMarkers {

    private final Map<Class<?>, Map<String, ApplyTag>> fields = new HashMap<>();
    private final Set<Class<?>> atomicStructs;
    private final Map<Class<?>, Map<String, JsonNode>> keyDefaults = new HashMap<>();

    private ApplyMarkers(Set<Class<?>> atomicStructs) {
        this.atomicStructs = Set.copyOf(atomicStructs);
    }

    static ApplyMarkers kubernetes() {
        ApplyMarkers markers = new ApplyMarkers(Set.of(
                // k8s.io/apimachinery meta/v1
                LabelSelector.class,
                OwnerReference.class,
                // core/v1
                ConfigMapKeySelector.class,
                EndpointAddress.class,
                EndpointPort.class,
                LocalObjectReference.class,
                NodeSelector.class,
                NodeSelectorTerm.class,
                ObjectFieldSelector.class,
                ObjectReference.class,
                ResourceFieldSelector.class,
                ScopeSelector.class,
                SecretKeySelector.class,
                SecretReference.class,
                TopologySelectorTerm.class,
                TypedLocalObjectReference.class,
                // autoscaling/v1, discovery/v1
                CrossVersionObjectReference.class,
                io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort.class));
        // core/v1: keys of several fields
        for (Class<?> container : new Class<?>[] {Container.class, EphemeralContainer.class}) {
            markers.field(container, "ports", ApplyTag.list(ListType.MAP, "containerPort", "protocol"));
        }
        markers.field(ServiceSpec.class, "ports", ApplyTag.list(ListType.MAP, "port", "protocol"));
        markers.field(
                PodSpec.class,
                "topologySpreadConstraints",
                ApplyTag.list(ListType.MAP, "topologyKey", "whenUnsatisfiable"));
        markers.keyDefault(ContainerPort.class, "protocol", "TCP");
        markers.keyDefault(ServicePort.class, "protocol", "TCP");
        // core/v1: maps without a patch strategy, and a merging list that apply keeps atomic
        markers.field(ResourceRequirements.class, "claims", ApplyTag.list(ListType.MAP, "name"));
        markers.field(ResourceStatus.class, "resources", ApplyTag.list(ListType.MAP, "resourceID"));
        markers.field(PodStatus.class, "hostIPs", ApplyTag.list(ListType.ATOMIC));
        // core/v1: atomic maps, and the one granular use of an atomic struct
        markers.field(PodSpec.class, "nodeSelector", ApplyTag.atomicMap());
        markers.field(ServiceSpec.class, "selector", ApplyTag.atomicMap());
        markers.field(ReplicationControllerSpec.class, "selector", ApplyTag.atomicMap());
        markers.field(PersistentVolumeSpec.class, "claimRef", ApplyTag.granularStruct());
        // batch/v1
        markers.field(JobStatus.class, "conditions", ApplyTag.list(ListType.ATOMIC));
        markers.field(UncountedTerminatedPods.class, "failed", ApplyTag.list(ListType.SET));
        markers.field(UncountedTerminatedPods.class, "succeeded", ApplyTag.list(ListType.SET));
        markers.field(PodFailurePolicyOnExitCodesRequirement.class, "values", ApplyTag.list(ListType.SET));
        // discovery/v1, storage/v1
        markers.field(Endpoint.class, "addresses", ApplyTag.list(ListType.SET));
        markers.field(CSIDriverSpec.class, "volumeLifecycleModes", ApplyTag.list(ListType.SET));
        return markers;
    }

    /** The markers of one field; {@link ApplyTag#NONE} where it has none beyond its patch tags. */
    ApplyTag of(Class<?> owner, String field) {
        return fields.getOrDefault(owner, Map.of()).getOrDefault(field, ApplyTag.NONE);
    }

    /** Whether a struct type is owned whole wherever it is used ({@code +structType=atomic}). */
    boolean isAtomic(Class<?> struct) {
        return atomicStructs.contains(struct);
    }

    /** The value a list key field takes in an item that leaves it out, where its type has one. */
    Optional<JsonNode> keyDefault(Class<?> struct, String field) {
        return Optional.ofNullable(keyDefaults.getOrDefault(struct, Map.of()).get(field));
    }

    /** Every field marker, by owner class. */
    Map<Class<?>, Map<String, ApplyTag>> allFields() {
        return Map.copyOf(fields);
    }

    Set<Class<?>> atomicStructs() {
        return atomicStructs;
    }

    /** Every key default, by struct class. */
    Map<Class<?>, Map<String, JsonNode>> allKeyDefaults() {
        return Map.copyOf(keyDefaults);
    }

    private void field(Class<?> owner, String field, ApplyTag tag) {
        fields.computeIfAbsent(owner, c -> new HashMap<>()).put(field, tag);
    }

    private void keyDefault(Class<?> struct, String field, String value) {
        keyDefaults.computeIfAbsent(struct, c -> new HashMap<>()).put(field, JsonNodeFactory.instance.textNode(value));
    }
}
