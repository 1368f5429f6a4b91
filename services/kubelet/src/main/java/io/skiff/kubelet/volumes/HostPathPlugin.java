package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.nio.file.Path;

/** hostPath: a path of the node itself, checked against its type. */
final class HostPathPlugin implements VolumePlugin {

    static final String NAME = "kubernetes.io/host-path";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(Volume volume) {
        return volume.getHostPath() != null;
    }

    @Override
    public boolean refreshable() {
        return false;
    }

    @Override
    public MountedVolume setUp(Pod pod, Volume volume) throws VolumeSetupException {
        String path = volume.getHostPath().getPath();
        HostPathTypes.check(path, volume.getHostPath().getType());
        return new MountedVolume(volume.getName(), NAME, Path.of(path), false, false);
    }
}
