package io.skiff.kubelet.volumes;

import java.nio.file.Path;

/**
 * Where the kubelet keeps a pod's files, as Kubernetes lays them out under its root directory:
 * {@code <root>/pods/<uid>/volumes/<plugin>/<volume>}, the plugin's name with '/' written as '~'
 * ({@code kubernetes.io~configmap}), and {@code <root>/pods/<uid>/etc-hosts}.
 */
public record VolumeLayout(Path rootDirectory) {

    public Path podsDirectory() {
        return rootDirectory.resolve("pods");
    }

    public Path podDirectory(String podUid) {
        return podsDirectory().resolve(podUid);
    }

    public Path podVolumesDirectory(String podUid) {
        return podDirectory(podUid).resolve("volumes");
    }

    /** @param pluginName Kubernetes' plugin name, {@code kubernetes.io/empty-dir} */
    public Path volumeDirectory(String podUid, String pluginName, String volumeName) {
        return podVolumesDirectory(podUid).resolve(pluginName.replace('/', '~')).resolve(volumeName);
    }

    public Path etcHostsFile(String podUid) {
        return podDirectory(podUid).resolve("etc-hosts");
    }
}
