package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.nio.file.Path;

/** emptyDir: a directory that lives as long as the pod, on disk or (medium Memory) in a tmpfs. */
final class EmptyDirPlugin implements VolumePlugin {

    static final String NAME = "kubernetes.io/empty-dir";

    private final VolumeLayout layout;
    private final VolumeSources sources;
    private final EmptyDirs emptyDirs;

    EmptyDirPlugin(VolumeLayout layout, VolumeSources sources, EmptyDirs emptyDirs) {
        this.layout = layout;
        this.sources = sources;
        this.emptyDirs = emptyDirs;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(Volume volume) {
        return volume.getEmptyDir() != null;
    }

    @Override
    public boolean refreshable() {
        return false;
    }

    @Override
    public MountedVolume setUp(Pod pod, Volume volume) throws VolumeSetupException {
        EmptyDirVolumeSource source = volume.getEmptyDir();
        String medium = source.getMedium() == null ? "" : source.getMedium();
        if (!medium.isEmpty() && !medium.equals("Memory")) {
            // HugePages media are not supported by this kubelet
            throw new VolumeSetupException("unknown storage medium \"" + medium + "\"");
        }
        Path directory = layout.volumeDirectory(pod.getMetadata().getUid(), NAME, volume.getName());
        boolean tmpfs = emptyDirs.setUp(
                directory, medium.equals("Memory"), source.getSizeLimit(), pod, sources.nodeAllocatable());
        Long fsGroup = VolumePlugin.fsGroup(pod);
        if (fsGroup != null) {
            try {
                VolumeOwnership.apply(directory, fsGroup, false);
            } catch (IOException e) {
                throw new VolumeSetupException("cannot apply fsGroup to " + directory + ": " + e.getMessage(), e);
            }
        }
        return new MountedVolume(volume.getName(), NAME, directory, false, tmpfs);
    }
}
