package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.skiff.kubelet.envvars.EnvironmentSources;
import java.util.Optional;

/**
 * What volumes are made from besides the pod: the environment's sources (ConfigMaps, Secrets, the
 * node's allocatable) plus claims and the volumes bound to them.
 */
public interface VolumeSources extends EnvironmentSources {

    Optional<PersistentVolumeClaim> persistentVolumeClaim(String namespace, String name);

    Optional<PersistentVolume> persistentVolume(String name);
}
