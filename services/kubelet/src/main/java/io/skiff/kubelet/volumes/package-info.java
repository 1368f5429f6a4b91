/**
 * Pods' volumes on the node, laid out as Kubernetes' kubelet lays them out under its root
 * directory ({@code <root>/pods/<uid>/volumes/<plugin>/<name>}).
 *
 * <p>A pod worker, on each sync: {@link io.skiff.kubelet.volumes.VolumeManager#mountVolumes}
 * (a {@link io.skiff.kubelet.volumes.VolumesNotReadyException} keeps the pod waiting and names a
 * FailedMount event per volume); then for each container its environment (envvars), {@link
 * io.skiff.kubelet.volumes.EtcHostsFile#ensure} once the sandbox has an IP, and {@link
 * io.skiff.kubelet.volumes.ContainerMounts#forContainer} for the CRI mounts. A {@link
 * io.skiff.kubelet.volumes.VolumeRefresher} keeps projected contents current between syncs;
 * {@link io.skiff.kubelet.volumes.VolumeManager#cleanupPod} removes a pod's directory once its
 * containers are gone. Sources come from {@link io.skiff.kubelet.volumes.ListerVolumeSources};
 * tokens from {@link io.skiff.kubelet.volumes.ClientTokenIssuer}; tmpfs from {@link
 * io.skiff.kubelet.volumes.SystemMounter}.
 */
package io.skiff.kubelet.volumes;
