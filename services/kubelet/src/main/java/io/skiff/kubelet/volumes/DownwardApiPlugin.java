package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;

/** downwardAPI: the pod's metadata and its containers' resources as files, kept up to date. */
final class DownwardApiPlugin implements VolumePlugin {

    static final String NAME = "kubernetes.io/downward-api";

    private final WrappedVolumes wrapped;

    DownwardApiPlugin(WrappedVolumes wrapped) {
        this.wrapped = wrapped;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(Volume volume) {
        return volume.getDownwardAPI() != null;
    }

    @Override
    public boolean refreshable() {
        return true;
    }

    @Override
    public MountedVolume setUp(Pod pod, Volume volume) throws VolumeSetupException {
        var source = volume.getDownwardAPI();
        return wrapped.write(
                pod,
                volume,
                NAME,
                false,
                DownwardApiFiles.collect(
                        source.getItems(), pod, wrapped.sources().nodeAllocatable(), source.getDefaultMode()));
    }
}
