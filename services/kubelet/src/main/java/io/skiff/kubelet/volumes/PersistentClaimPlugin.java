package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.skiff.kubelet.envvars.SourceUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * persistentVolumeClaim: the claim must be Bound to a PersistentVolume that points back at it;
 * this kubelet mounts hostPath and local volumes, whose path containers get directly.
 */
final class PersistentClaimPlugin implements VolumePlugin {

    static final String LOCAL_NAME = "kubernetes.io/local-volume";

    private final VolumeSources sources;

    PersistentClaimPlugin(VolumeSources sources) {
        this.sources = sources;
    }

    @Override
    public String name() {
        return "kubernetes.io/persistent-claim";
    }

    @Override
    public boolean supports(Volume volume) {
        return volume.getPersistentVolumeClaim() != null;
    }

    @Override
    public boolean refreshable() {
        return false;
    }

    @Override
    public MountedVolume setUp(Pod pod, Volume volume) throws VolumeSetupException {
        PersistentVolumeClaimVolumeSource source = volume.getPersistentVolumeClaim();
        String namespace = pod.getMetadata().getNamespace();
        String claimName = source.getClaimName();
        String prefix = "error processing PVC " + namespace + "/" + claimName + ": ";
        Optional<PersistentVolumeClaim> foundClaim;
        try {
            foundClaim = sources.persistentVolumeClaim(namespace, claimName);
        } catch (SourceUnavailableException e) {
            throw new VolumeSetupException(prefix + "failed to fetch PVC from API server: " + e.getMessage());
        }
        PersistentVolumeClaim claim = foundClaim.orElseThrow(() -> new VolumeSetupException(prefix
                + "failed to fetch PVC from API server: persistentvolumeclaims \"" + claimName + "\" not found"));
        if (claim.getMetadata().getDeletionTimestamp() != null) {
            throw new VolumeSetupException(prefix + "PVC is being deleted");
        }
        if (claim.getStatus() == null || !"Bound".equals(claim.getStatus().getPhase())) {
            throw new VolumeSetupException(prefix + "PVC is not bound");
        }
        String volumeName = claim.getSpec().getVolumeName();
        if (volumeName == null || volumeName.isEmpty()) {
            throw new VolumeSetupException(prefix + "PVC has empty pvc.Spec.VolumeName");
        }
        Optional<PersistentVolume> found;
        try {
            found = sources.persistentVolume(volumeName);
        } catch (SourceUnavailableException e) {
            throw new VolumeSetupException(
                    prefix + "failed to fetch PV " + volumeName + " from API server: " + e.getMessage());
        }
        if (found.isEmpty()) {
            throw new VolumeSetupException(prefix + "failed to fetch PV " + volumeName
                    + " from API server: persistentvolumes \"" + volumeName + "\" not found");
        }
        PersistentVolume persistentVolume = found.get();
        var claimRef = persistentVolume.getSpec().getClaimRef();
        if (claimRef == null) {
            throw new VolumeSetupException(prefix + "found PV object " + volumeName
                    + " but it has a nil pv.Spec.ClaimRef indicating it is not yet bound to the claim");
        }
        String claimUid = claim.getMetadata().getUid();
        if (claimRef.getUid() == null || !claimRef.getUid().equals(claimUid)) {
            throw new VolumeSetupException(prefix + "found PV object " + volumeName + " but its pv.Spec.ClaimRef.UID "
                    + claimRef.getUid() + " does not point to claim.UID " + claimUid);
        }
        boolean readOnly = Boolean.TRUE.equals(source.getReadOnly());
        if (persistentVolume.getSpec().getHostPath() != null) {
            String path = persistentVolume.getSpec().getHostPath().getPath();
            HostPathTypes.check(path, persistentVolume.getSpec().getHostPath().getType());
            return new MountedVolume(volume.getName(), HostPathPlugin.NAME, Path.of(path), readOnly, false);
        }
        if (persistentVolume.getSpec().getLocal() != null) {
            String path = persistentVolume.getSpec().getLocal().getPath();
            if (!Files.exists(Path.of(path))) {
                throw new VolumeSetupException("path \"" + path + "\" does not exist");
            }
            return new MountedVolume(volume.getName(), LOCAL_NAME, Path.of(path), readOnly, false);
        }
        throw new VolumeSetupException(prefix + "PV " + volumeName
                + " is neither a hostPath nor a local volume, the only kinds this kubelet mounts");
    }
}
