package io.skiff.scheduler.plugins.volumebinding;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.skiff.scheduler.framework.ActionType;
import io.skiff.scheduler.framework.ClusterEvent;
import io.skiff.scheduler.framework.ClusterEventWithHint;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.EnqueueExtensions;
import io.skiff.scheduler.framework.EventResource;
import io.skiff.scheduler.framework.Filter;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PluginFactory;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.framework.PreFilter;
import io.skiff.scheduler.framework.PreFilterResult;
import io.skiff.scheduler.framework.StateKey;
import io.skiff.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Kubernetes' VolumeBinding plugin, for claims that are already bound.
 *
 * <p>PreFilter reads every claim the pod uses (persistentVolumeClaim volumes and generic ephemeral
 * volumes): a missing, lost or deleting claim, or an unbound claim of an immediate-binding class,
 * rejects the pod outright (it waits for the claim, not for a node); a pod without claims skips the
 * plugin. Filter then admits only nodes whose labels satisfy the node affinity of every bound
 * claim's volume.
 *
 * <p>Unbound claims of a WaitForFirstConsumer class pass: finding or provisioning a volume for them
 * on the chosen node (Kubernetes' FindPodVolumes/PreBind binding path) is not done here.
 */
public final class VolumeBinding implements PreFilter, Filter, EnqueueExtensions {

    public static final String NAME = Plugins.VOLUME_BINDING;

    /** A bound volume's node affinity excludes the node. */
    public static final String ERR_REASON_NODE_CONFLICT = "node(s) had volume node affinity conflict";
    /** A bound claim's volume does not exist. */
    public static final String ERR_REASON_PV_NOT_EXIST =
            "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";
    /** The pod uses a claim that should have been bound by the volume controller already. */
    public static final String ERR_REASON_UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";

    /** The annotation the volume controller sets once it completed a claim's binding. */
    static final String ANN_BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
    /** The deprecated way to name a claim's storage class, which still wins over spec.storageClassName. */
    static final String ANN_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

    private static final StateKey<PodVolumes> STATE_KEY = StateKey.of(NAME, PodVolumes.class);
    private static final String WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer";

    private final VolumeLister volumes;

    public VolumeBinding(VolumeLister volumes) {
        this.volumes = volumes;
    }

    /** Builds the plugin; needs a {@link VolumeLister} in the Ports. */
    public static PluginFactory factory() {
        return (args, handle) -> new VolumeBinding(handle.port(VolumeLister.class));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        for (Volume volume : volumes(pod)) {
            Optional<PersistentVolumeClaim> claim;
            try {
                claim = claimOf(pod, volume);
            } catch (ClaimException e) {
                return PreFilterResult.failed(Status.unschedulableAndUnresolvable(e.getMessage()));
            }
            claim.ifPresent(claims::add);
        }
        if (claims.isEmpty()) {
            return PreFilterResult.skip();
        }
        List<BoundVolume> bound = new ArrayList<>();
        boolean unboundImmediate = false;
        for (PersistentVolumeClaim claim : claims) {
            if (isFullyBound(claim)) {
                String volumeName = claim.getSpec().getVolumeName();
                bound.add(volumes.volume(volumeName)
                        .map(volume -> BoundVolume.of(claim.getMetadata().getName(), volume))
                        .orElseGet(() -> BoundVolume.missing(claim.getMetadata().getName(), volumeName)));
                continue;
            }
            boolean delayBinding;
            try {
                delayBinding = isDelayBinding(claim);
            } catch (IllegalStateException e) {
                return PreFilterResult.failed(Status.error(e));
            }
            // a pre-bound claim (volumeName set, binding not completed) waits for the volume controller
            if (!delayBinding || !isEmpty(claim.getSpec().getVolumeName())) {
                unboundImmediate = true;
            }
        }
        if (unboundImmediate) {
            return PreFilterResult.failed(Status.unschedulableAndUnresolvable(ERR_REASON_UNBOUND_IMMEDIATE));
        }
        state.write(STATE_KEY, new PodVolumes(bound));
        return PreFilterResult.success();
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        Node node = nodeInfo.node();
        if (node == null) {
            return Status.error("node not found");
        }
        PodVolumes podVolumes;
        try {
            podVolumes = state.require(STATE_KEY);
        } catch (IllegalStateException e) {
            return Status.error(e);
        }
        Map<String, String> labels = node.getMetadata().getLabels() == null
                ? Map.of()
                : node.getMetadata().getLabels();
        Set<String> reasons = new LinkedHashSet<>();
        for (BoundVolume volume : podVolumes.boundVolumes()) {
            if (!volume.exists()) {
                // as Kubernetes: the first missing volume ends the check of this node
                reasons.add(ERR_REASON_PV_NOT_EXIST);
                break;
            }
            if (!volume.allowsNodeWithLabels(labels)) {
                reasons.add(ERR_REASON_NODE_CONFLICT);
                break;
            }
        }
        return reasons.isEmpty()
                ? Status.success()
                : Status.of(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.copyOf(reasons));
    }

    /** The claim a volume uses, if it uses one. */
    private Optional<PersistentVolumeClaim> claimOf(Pod pod, Volume volume) {
        String namespace = pod.getMetadata().getNamespace();
        if (volume.getPersistentVolumeClaim() != null) {
            String name = volume.getPersistentVolumeClaim().getClaimName();
            PersistentVolumeClaim claim = volumes.claim(namespace, name)
                    .orElseThrow(() -> new ClaimException("persistentvolumeclaim \"" + name + "\" not found"));
            return Optional.of(checkUsable(claim));
        }
        if (volume.getEphemeral() != null) {
            // the ephemeral volume controller creates the claim "<pod>-<volume>", owned by the pod
            String name = pod.getMetadata().getName() + "-" + volume.getName();
            PersistentVolumeClaim claim = volumes.claim(namespace, name)
                    .orElseThrow(() -> new ClaimException(
                            "waiting for ephemeral volume controller to create the persistentvolumeclaim \"" + name
                                    + "\""));
            checkUsable(claim);
            if (!isControlledBy(claim, pod)) {
                throw new ClaimException("PVC " + namespace + "/" + name + " was not created for pod " + namespace + "/"
                        + pod.getMetadata().getName() + " (pod is not owner)");
            }
            return Optional.of(claim);
        }
        return Optional.empty();
    }

    private static PersistentVolumeClaim checkUsable(PersistentVolumeClaim claim) {
        String name = claim.getMetadata().getName();
        if (claim.getStatus() != null && "Lost".equals(claim.getStatus().getPhase())) {
            throw new ClaimException("persistentvolumeclaim \"" + name + "\" bound to non-existent persistentvolume \""
                    + Objects.requireNonNullElse(claim.getSpec().getVolumeName(), "") + "\"");
        }
        if (claim.getMetadata().getDeletionTimestamp() != null) {
            throw new ClaimException("persistentvolumeclaim \"" + name + "\" is being deleted");
        }
        return claim;
    }

    /**
     * Bound: it names its volume and the volume controller finished the binding. Kubernetes reads
     * only the bind-completed annotation; a claim whose status says Bound counts too, so clusters
     * whose volume controller records only the phase behave the same.
     */
    private static boolean isFullyBound(PersistentVolumeClaim claim) {
        if (isEmpty(claim.getSpec().getVolumeName())) {
            return false;
        }
        Map<String, String> annotations = claim.getMetadata().getAnnotations();
        boolean completed = annotations != null && annotations.containsKey(ANN_BIND_COMPLETED);
        boolean phaseBound =
                claim.getStatus() != null && "Bound".equals(claim.getStatus().getPhase());
        return completed || phaseBound;
    }

    /** Whether the claim's class binds on first consumer; a missing class binds immediately. */
    private boolean isDelayBinding(PersistentVolumeClaim claim) {
        String className = storageClassName(claim);
        if (className.isEmpty()) {
            return false;
        }
        Optional<StorageClass> storageClass = volumes.storageClass(className);
        if (storageClass.isEmpty()) {
            return false;
        }
        String mode = storageClass.get().getVolumeBindingMode();
        if (mode == null) {
            throw new IllegalStateException("VolumeBindingMode not set for StorageClass \"" + className + "\"");
        }
        return WAIT_FOR_FIRST_CONSUMER.equals(mode);
    }

    private static String storageClassName(PersistentVolumeClaim claim) {
        Map<String, String> annotations = claim.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey(ANN_STORAGE_CLASS)) {
            return annotations.get(ANN_STORAGE_CLASS);
        }
        String name = claim.getSpec() == null ? null : claim.getSpec().getStorageClassName();
        return name == null ? "" : name;
    }

    private static boolean isControlledBy(PersistentVolumeClaim claim, Pod pod) {
        List<OwnerReference> owners = claim.getMetadata().getOwnerReferences();
        if (owners == null) {
            return false;
        }
        for (OwnerReference owner : owners) {
            if (Boolean.TRUE.equals(owner.getController())
                    && Objects.equals(owner.getUid(), pod.getMetadata().getUid())) {
                return true;
            }
        }
        return false;
    }

    private static List<Volume> volumes(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getVolumes() == null) {
            return List.of();
        }
        return pod.getSpec().getVolumes();
    }

    private static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }

    @Override
    public List<ClusterEventWithHint> eventsToRegister() {
        return List.of(
                ClusterEventWithHint.always(ClusterEvent.of(
                        EventResource.PERSISTENT_VOLUME_CLAIM, ActionType.ADD, ActionType.UPDATE_OTHER)),
                ClusterEventWithHint.always(
                        ClusterEvent.of(EventResource.PERSISTENT_VOLUME, ActionType.ADD, ActionType.UPDATE_OTHER)),
                ClusterEventWithHint.always(
                        ClusterEvent.of(EventResource.STORAGE_CLASS, ActionType.ADD, ActionType.UPDATE_OTHER)),
                ClusterEventWithHint.always(
                        ClusterEvent.of(EventResource.NODE, ActionType.ADD, ActionType.UPDATE_NODE_LABEL)));
    }

    /** A claim the pod cannot be scheduled with, whatever the node; the message is the status reason. */
    private static final class ClaimException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClaimException(String message) {
            super(message, null, false, false);
        }
    }
}
