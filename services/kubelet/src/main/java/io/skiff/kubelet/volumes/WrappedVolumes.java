package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.skiff.kubelet.volumes.AtomicWriter.FileProjection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What configMap, secret, downwardAPI and projected volumes share: an emptyDir-like directory
 * (a tmpfs for secrets and projections) whose files an {@link AtomicWriter} keeps, and the pod's
 * fsGroup applied read-only.
 */
final class WrappedVolumes {

    private final VolumeLayout layout;
    private final VolumeSources sources;
    private final EmptyDirs emptyDirs;
    private final Clock clock;

    WrappedVolumes(VolumeLayout layout, VolumeSources sources, EmptyDirs emptyDirs, Clock clock) {
        this.layout = layout;
        this.sources = sources;
        this.emptyDirs = emptyDirs;
        this.clock = clock;
    }

    VolumeSources sources() {
        return sources;
    }

    MountedVolume write(Pod pod, Volume volume, String pluginName, boolean memory, Map<String, FileProjection> payload)
            throws VolumeSetupException {
        Path directory = layout.volumeDirectory(pod.getMetadata().getUid(), pluginName, volume.getName());
        boolean tmpfs = emptyDirs.setUp(directory, memory, null, pod, sources.nodeAllocatable());
        String context = "pod " + pod.getMetadata().getNamespace() + "/"
                + pod.getMetadata().getName() + " volume " + volume.getName();
        Long fsGroup = VolumePlugin.fsGroup(pod);
        try {
            AtomicWriter writer = new AtomicWriter(directory, context, clock);
            // the first write creates links outside the timestamped directory, so the whole volume is changed
            writer.write(payload, fsGroup == null ? null : ignored -> VolumeOwnership.apply(directory, fsGroup, true));
        } catch (IllegalArgumentException e) {
            throw new VolumeSetupException(e.getMessage(), e);
        } catch (IOException e) {
            throw new VolumeSetupException("cannot write the files of volume " + volume.getName() + ": " + e, e);
        }
        return new MountedVolume(volume.getName(), pluginName, directory, true, tmpfs);
    }
}
