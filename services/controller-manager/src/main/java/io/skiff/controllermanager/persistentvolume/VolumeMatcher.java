package io.skiff.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.skiff.model.scheduling.NodeSelectors;
import io.skiff.model.selector.LabelSelector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which volume an unbound claim gets (index.go findBestMatchForClaim and pv_helpers.go
 * FindMatchingVolume).
 *
 * <p>A volume pre-bound to the claim (its claimRef names the claim) wins if it is large enough, of
 * the claim's volume mode, offers the claim's access modes and is not being deleted. (Kubernetes
 * finds it only once the search below reaches its access-mode group, so a free volume with fewer
 * modes could be chosen first; here the user's reservation always wins.) Otherwise the
 * candidates are Available volumes with no claimRef, of the claim's storage class (no class matches
 * only volumes without class), of its volume mode, matching its selector, at least as large as its
 * request and offering all its access modes. Kubernetes groups volumes by their set of access
 * modes and searches the groups with the fewest modes first, so a claim for ReadWriteOnce gets a
 * ReadWriteOnce volume before a larger-moded one; within a group the smallest volume wins (ties by
 * name, so that the choice is stable).
 *
 * <p>With a node (the claim's selected node, for WaitForFirstConsumer claims) the search is the
 * scheduler's: every volume's node affinity must admit the node, and the smallest of all
 * candidates wins. Without a node, node affinity is not looked at; in delayed binding mode only a
 * pre-bound volume is returned.
 */
final class VolumeMatcher {

    /** The order GetAccessModesAsString writes access modes in. */
    private static final List<String> ACCESS_MODE_ORDER =
            List.of("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod");

    private static final Comparator<PersistentVolume> SMALLEST_FIRST = Comparator.comparing(Volumes::capacity)
            .thenComparing(volume -> volume.getMetadata().getName());

    private VolumeMatcher() {}

    /**
     * The best volume for {@code claim} among {@code volumes}, if any.
     *
     * @param delayBinding the claim's class binds on first consumer: unbound volumes are not offered
     *     unless a node was selected
     * @param node the node selected for the claim's first consumer, or null
     * @throws io.skiff.model.selector.SelectorException when the claim's selector is invalid
     */
    static Optional<PersistentVolume> findBestMatch(
            PersistentVolumeClaim claim, Collection<PersistentVolume> volumes, boolean delayBinding, Node node) {
        LabelSelector selector = claim.getSpec().getSelector() == null
                ? LabelSelector.everything()
                : LabelSelector.fromApi(claim.getSpec().getSelector());
        List<PersistentVolume> offeringModes = volumes.stream()
                .filter(volume -> Volumes.offersAccessModes(volume, claim))
                .toList();
        for (PersistentVolume volume : offeringModes) {
            if (Volumes.isBoundTo(volume, claim) && fitsPreBound(volume, claim)) {
                // A pre-bound volume outside the selected node means no match at all.
                return node == null || admitsNode(volume, node) ? Optional.of(volume) : Optional.empty();
            }
        }
        if (node != null) {
            return offeringModes.stream()
                    .filter(volume -> isCandidate(volume, claim, selector) && admitsNode(volume, node))
                    .min(SMALLEST_FIRST);
        }
        if (delayBinding) {
            return Optional.empty();
        }
        Map<String, List<PersistentVolume>> byModes = new TreeMap<>();
        for (PersistentVolume volume : offeringModes) {
            byModes.computeIfAbsent(accessModesKey(volume), key -> new ArrayList<>())
                    .add(volume);
        }
        return byModes.entrySet().stream()
                .sorted(Comparator.comparingInt(
                                (Map.Entry<String, List<PersistentVolume>> group) -> modeCount(group.getKey()))
                        .thenComparing(Map.Entry::getKey))
                .map(group -> group.getValue().stream()
                        .filter(volume -> isCandidate(volume, claim, selector))
                        .min(SMALLEST_FIRST))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * Why a volume the claim names in spec.volumeName cannot be bound to it (checkVolumeSatisfyClaim),
     * or empty when it can.
     */
    static Optional<String> mismatch(PersistentVolume volume, PersistentVolumeClaim claim) {
        if (volume.getMetadata().getDeletionTimestamp() != null) {
            return Optional.of(String.format(
                    "the volume is marked for deletion \"%s\"",
                    volume.getMetadata().getName()));
        }
        if (Volumes.capacity(volume).compareTo(Volumes.request(claim)) < 0) {
            return Optional.of("requested PV is too small");
        }
        if (!Volumes.storageClass(volume).equals(Volumes.storageClass(claim))) {
            return Optional.of("storageClassName does not match");
        }
        if (Volumes.volumeModeMismatch(claim, volume)) {
            return Optional.of("incompatible volumeMode");
        }
        if (!Volumes.offersAccessModes(volume, claim)) {
            return Optional.of("incompatible accessMode");
        }
        return Optional.empty();
    }

    private static boolean fitsPreBound(PersistentVolume volume, PersistentVolumeClaim claim) {
        return Volumes.capacity(volume).compareTo(Volumes.request(claim)) >= 0
                && !Volumes.volumeModeMismatch(claim, volume)
                && volume.getMetadata().getDeletionTimestamp() == null;
    }

    private static boolean isCandidate(PersistentVolume volume, PersistentVolumeClaim claim, LabelSelector selector) {
        return volume.getSpec().getClaimRef() == null
                && Volumes.VOLUME_AVAILABLE.equals(Volumes.phase(volume))
                && volume.getMetadata().getDeletionTimestamp() == null
                && Volumes.capacity(volume).compareTo(Volumes.request(claim)) >= 0
                && !Volumes.volumeModeMismatch(claim, volume)
                && selector.matches(volume.getMetadata().getLabels())
                && Volumes.storageClass(volume).equals(Volumes.storageClass(claim));
    }

    /** CheckNodeAffinity: a volume without required node affinity may be used anywhere. */
    private static boolean admitsNode(PersistentVolume volume, Node node) {
        if (volume.getSpec().getNodeAffinity() == null
                || volume.getSpec().getNodeAffinity().getRequired() == null) {
            return true;
        }
        return NodeSelectors.parse(volume.getSpec().getNodeAffinity().getRequired())
                .matches(node);
    }

    private static int modeCount(String accessModesKey) {
        return accessModesKey.isEmpty() ? 0 : accessModesKey.split(",").length;
    }

    /** The volume's set of access modes in Kubernetes' order, e.g. "ReadWriteOnce,ReadOnlyMany". */
    private static String accessModesKey(PersistentVolume volume) {
        Set<String> modes = new LinkedHashSet<>();
        for (String mode : ACCESS_MODE_ORDER) {
            if (Volumes.orEmpty(volume.getSpec().getAccessModes()).contains(mode)) {
                modes.add(mode);
            }
        }
        return String.join(",", modes);
    }
}
