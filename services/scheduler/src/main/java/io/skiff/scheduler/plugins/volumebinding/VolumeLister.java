package io.skiff.scheduler.plugins.volumebinding;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.Optional;

/**
 * Read access to the storage objects VolumeBinding checks pods against. The integrator backs it
 * with PersistentVolumeClaim, PersistentVolume and StorageClass informers and registers it in the
 * framework's Ports.
 */
public interface VolumeLister {

    Optional<PersistentVolumeClaim> claim(String namespace, String name);

    Optional<PersistentVolume> volume(String name);

    Optional<StorageClass> storageClass(String name);
}
