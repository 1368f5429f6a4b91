package io.skiff.kubelet.volumes;

import java.nio.file.Path;

/**
 * A volume ready on the node.
 *
 * @param name the volume's name in the pod
 * @param pluginName Kubernetes' plugin name ({@code kubernetes.io/configmap})
 * @param hostPath what containers mount: the volume's directory, or the host path itself
 * @param readOnly containers always mount it read-only (configMap, secret, downwardAPI, projected,
 *     a claim mounted readOnly)
 * @param memoryBacked a tmpfs of the kubelet's backs it
 */
public record MountedVolume(String name, String pluginName, Path hostPath, boolean readOnly, boolean memoryBacked) {}
