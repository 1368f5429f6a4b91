package io.skiff.kubelet.volumes;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pod's volumes as they stand on the node.
 *
 * @param volumes by the volume's name
 * @param refreshFailures volumes set up earlier whose contents could not be brought up to date
 *     this time (they keep their last contents)
 */
public record PodVolumes(String podUid, Map<String, MountedVolume> volumes, List<VolumeFailure> refreshFailures) {

    public PodVolumes {
        volumes = Map.copyOf(volumes);
        refreshFailures = List.copyOf(refreshFailures);
    }

    /** The host path of the volume {@code name}. */
    public Optional<Path> hostPath(String name) {
        return Optional.ofNullable(volumes.get(name)).map(MountedVolume::hostPath);
    }
}
