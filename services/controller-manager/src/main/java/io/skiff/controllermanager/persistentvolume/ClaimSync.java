package io.skiff.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.controllermanager.pods.ActivePods;
import io.skiff.model.selector.LabelSelector;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One look at one claim (pv_controller.go syncClaim). A claim the binder has not bound yet
 * (no bind-completed annotation) either names its volume in spec.volumeName, and is bound to it if
 * the volume fits and is free, or gets the best matching volume; with none it stays Pending, is
 * handed to its class's provisioner, or waits for its first consumer. A claim bound before is
 * checked: its volume must still exist and point back at it, else the claim is Lost for good.
 */
final class ClaimSync implements Reconciler<String> {

    static final String FAILED_BINDING = "FailedBinding";
    static final String VOLUME_MISMATCH = "VolumeMismatch";
    static final String WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer";
    static final String WAIT_FOR_POD_SCHEDULED = "WaitForPodScheduled";
    static final String CLAIM_LOST = "ClaimLost";
    static final String CLAIM_MISBOUND = "ClaimMisbound";

    private static final Logger log = LoggerFactory.getLogger(ClaimSync.class);
    private static final String WAIT_FOR_FIRST_CONSUMER_MODE = "WaitForFirstConsumer";

    private final BinderCache cache;
    private final Lister<StorageClass> classes;
    private final Lister<Node> nodes;
    private final Lister<Pod> pods;
    private final Binder binder;
    private final ClaimProvisioning provisioning;
    private final EventRecorder events;

    ClaimSync(
            BinderCache cache,
            Lister<StorageClass> classes,
            Lister<Node> nodes,
            Lister<Pod> pods,
            Binder binder,
            ClaimProvisioning provisioning,
            EventRecorder events) {
        this.cache = cache;
        this.classes = classes;
        this.nodes = nodes;
        this.pods = pods;
        this.binder = binder;
        this.provisioning = provisioning;
        this.events = events;
    }

    @Override
    public Result sync(String key) {
        Optional<PersistentVolumeClaim> claim = cache.claim(ObjectKeys.namespaceOf(key), ObjectKeys.nameOf(key));
        if (claim.isEmpty()) {
            return Result.done();
        }
        try {
            if (Volumes.hasAnnotation(claim.get(), Volumes.ANN_BIND_COMPLETED)) {
                syncBoundClaim(claim.get());
            } else {
                syncUnboundClaim(claim.get());
            }
        } catch (RuntimeException e) {
            if (ApiErrors.isConflict(e)) {
                // Someone (often our own volume worker) wrote first; start over from the new state.
                log.debug("Claim {} changed while syncing, retrying: {}", key, e.getMessage());
                return Result.requeue();
            }
            throw e;
        }
        return Result.done();
    }

    private void syncUnboundClaim(PersistentVolumeClaim claim) {
        String volumeName = Volumes.volumeName(claim);
        if (volumeName.isEmpty()) {
            bindToBestMatch(claim);
            return;
        }
        Optional<PersistentVolume> requested = cache.volume(volumeName);
        if (requested.isEmpty()) {
            // The user asked for a volume that does not exist (yet): wait for it.
            binder.updateClaimStatus(claim, Volumes.CLAIM_PENDING, null);
            return;
        }
        PersistentVolume volume = requested.get();
        if (volume.getSpec().getClaimRef() == null) {
            Optional<String> mismatch = VolumeMatcher.mismatch(volume, claim);
            if (mismatch.isPresent()) {
                events.event(
                        claim,
                        EventType.WARNING,
                        VOLUME_MISMATCH,
                        "Cannot bind to requested volume \"%s\": %s",
                        volumeName,
                        mismatch.get());
                binder.updateClaimStatus(claim, Volumes.CLAIM_PENDING, null);
            } else {
                binder.bind(volume, claim);
            }
        } else if (Volumes.isBoundTo(volume, claim)) {
            // Pre-bound both ways, or a binding interrupted half-way: finish it.
            binder.bind(volume, claim);
        } else {
            events.event(
                    claim,
                    EventType.WARNING,
                    FAILED_BINDING,
                    "volume \"%s\" already bound to a different claim.",
                    volumeName);
            if (Volumes.hasAnnotation(claim, Volumes.ANN_BOUND_BY_CONTROLLER)) {
                // Someone removed bind-completed from a claim the controller bound: nothing sane to do.
                throw new IllegalStateException(String.format(
                        "invalid binding of claim \"%s\" to volume \"%s\": volume already claimed by \"%s\"",
                        Volumes.claimKey(claim),
                        volumeName,
                        Volumes.claimKey(volume.getSpec().getClaimRef())));
            }
            // The user asked for a volume someone else has: wait until it is free.
            binder.updateClaimStatus(claim, Volumes.CLAIM_PENDING, null);
        }
    }

    private void bindToBestMatch(PersistentVolumeClaim claim) {
        boolean delayBinding = isDelayBinding(claim);
        Node selectedNode = delayBinding ? selectedNode(claim) : null;
        Optional<PersistentVolume> match =
                VolumeMatcher.findBestMatch(claim, cache.volumes(), delayBinding, selectedNode);
        if (match.isPresent()) {
            binder.bind(match.get(), claim);
            return;
        }
        if (delayBinding && !Volumes.hasAnnotation(claim, Volumes.ANN_SELECTED_NODE)) {
            waitForFirstConsumer(claim);
        } else if (!Volumes.storageClass(claim).isEmpty()) {
            // The provisioner (or the user) creates a volume; its sync brings us back here.
            provisioning.provision(claim);
            return;
        } else {
            events.event(
                    claim,
                    EventType.NORMAL,
                    FAILED_BINDING,
                    "no persistent volumes available for this claim and no storage class is set");
        }
        binder.updateClaimStatus(claim, Volumes.CLAIM_PENDING, null);
    }

    /**
     * The claim's class binds on first consumer (IsDelayBindingMode). A class that does not exist
     * (yet) binds immediately.
     */
    private boolean isDelayBinding(PersistentVolumeClaim claim) {
        String className = Volumes.storageClass(claim);
        if (className.isEmpty()) {
            return false;
        }
        Optional<StorageClass> storageClass = classes.get(className);
        if (storageClass.isEmpty()) {
            return false;
        }
        String mode = storageClass.get().getVolumeBindingMode();
        if (mode == null) {
            throw new IllegalStateException(
                    String.format("VolumeBindingMode not set for StorageClass \"%s\"", className));
        }
        return WAIT_FOR_FIRST_CONSUMER_MODE.equals(mode);
    }

    /**
     * The node chosen for the claim's first consumer, if the annotation names a node we know.
     * Kubernetes' scheduler binds delayed claims itself (VolumeBinding PreBind); Skiff's does not,
     * so the binder binds them once the node is known, to a volume whose node affinity admits it.
     */
    private Node selectedNode(PersistentVolumeClaim claim) {
        String nodeName = Volumes.annotation(claim, Volumes.ANN_SELECTED_NODE);
        return nodeName == null ? null : nodes.get(nodeName).orElse(null);
    }

    /** emitEventForUnboundDelayBindingClaim: name the pods that still wait for a node, if any. */
    private void waitForFirstConsumer(PersistentVolumeClaim claim) {
        List<String> waiting = pods.list(claim.getMetadata().getNamespace(), LabelSelector.everything()).stream()
                .filter(pod ->
                        !ActivePods.isTerminal(pod) && isEmpty(pod.getSpec().getNodeName()))
                .filter(pod -> uses(pod, claim.getMetadata().getName()))
                .map(pod -> pod.getMetadata().getName())
                .sorted()
                .toList();
        if (waiting.isEmpty()) {
            events.event(
                    claim,
                    EventType.NORMAL,
                    WAIT_FOR_FIRST_CONSUMER,
                    "waiting for first consumer to be created before binding");
        } else if (waiting.size() == 1) {
            events.event(
                    claim,
                    EventType.NORMAL,
                    WAIT_FOR_POD_SCHEDULED,
                    "waiting for pod %s to be scheduled",
                    waiting.get(0));
        } else {
            events.event(
                    claim,
                    EventType.NORMAL,
                    WAIT_FOR_POD_SCHEDULED,
                    "waiting for pods %s to be scheduled",
                    String.join(",", waiting));
        }
    }

    /** The pod mounts the claim, directly or as the claim of a generic ephemeral volume. */
    private static boolean uses(Pod pod, String claimName) {
        for (Volume volume : Volumes.orEmpty(pod.getSpec().getVolumes())) {
            if (volume.getPersistentVolumeClaim() != null
                    && claimName.equals(volume.getPersistentVolumeClaim().getClaimName())) {
                return true;
            }
            if (volume.getEphemeral() != null
                    && claimName.equals(pod.getMetadata().getName() + "-" + volume.getName())) {
                return true;
            }
        }
        return false;
    }

    private void syncBoundClaim(PersistentVolumeClaim claim) {
        String volumeName = Volumes.volumeName(claim);
        if (volumeName.isEmpty()) {
            binder.updateClaimStatusWithEvent(
                    claim,
                    Volumes.CLAIM_LOST,
                    null,
                    EventType.WARNING,
                    CLAIM_LOST,
                    "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
            return;
        }
        Optional<PersistentVolume> found = cache.volume(volumeName);
        if (found.isEmpty()) {
            binder.updateClaimStatusWithEvent(
                    claim,
                    Volumes.CLAIM_LOST,
                    null,
                    EventType.WARNING,
                    CLAIM_LOST,
                    "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
            return;
        }
        PersistentVolume volume = found.get();
        if (volume.getSpec().getClaimRef() == null
                || Volumes.claimRefUid(volume).equals(claim.getMetadata().getUid())) {
            // Unbound volume (or one whose update we have not seen yet), or all is well: bind() writes
            // only what is missing, usually nothing.
            binder.bind(volume, claim);
        } else {
            binder.updateClaimStatusWithEvent(
                    claim,
                    Volumes.CLAIM_LOST,
                    null,
                    EventType.WARNING,
                    CLAIM_MISBOUND,
                    "Two claims are bound to the same volume, this one is bound incorrectly");
        }
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
