package io.skiff.kubelet.runtime.runc;

import java.nio.file.Path;

/**
 * What a sandbox gives its containers: the namespaces they join and the files they mount.
 *
 * @param netns the network namespace to join; null to share the host's (host networking on a
 *     node without a namespace of its own)
 * @param ipc the pinned IPC namespace to join
 * @param uts the pinned UTS namespace (holding the pod's hostname) to join; null to share the
 *     host's, as host-network pods do
 * @param shm the pod's /dev/shm, shared by its containers like its IPC namespace
 */
record SandboxLayout(
        String id,
        String podName,
        String podNamespace,
        String hostname,
        String netns,
        String ipc,
        String uts,
        Path hostsFile,
        Path resolvConf,
        Path hostnameFile,
        Path shm) {}
