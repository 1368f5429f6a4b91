package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.DownwardAPIVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.skiff.kubelet.volumes.AtomicWriter.FileProjection;
import java.util.Map;

/** downwardAPI: the pod's metadata and its containers' resources as files, kept up to date. */
final class DownwardApiPlugin extends WrappedVolumePlugin {

    static final String NAME = "kubernetes.io/downward-api";

    DownwardApiPlugin(WrappedVolumes wrapped) {
        super(NAME, volume -> volume.getDownwardAPI() != null, false, wrapped);
    }

    @Override
    Map<String, FileProjection> payload(Pod pod, Volume volume) throws VolumeSetupException {
        DownwardAPIVolumeSource source = volume.getDownwardAPI();
        return DownwardApiFiles.collect(
                source.getItems(), pod, wrapped.sources().nodeAllocatable(), source.getDefaultMode());
    }
}
