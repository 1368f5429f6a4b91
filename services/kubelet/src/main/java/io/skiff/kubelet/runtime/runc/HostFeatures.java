package io.skiff.kubelet.runtime.runc;

import java.util.List;

/**
 * What the node's kernel and cgroups offer that changes a container's spec.
 *
 * @param swapLimit the memory controller limits swap too (memory.memsw / memory.swap.max), so a
 *     memory limit is also set as the swap limit and containers do not swap
 * @param cgroupNamespace cgroup v2 only: containers get their own cgroup namespace
 * @param capabilities every capability the kernel knows, for privileged containers
 * @param openFiles RLIMIT_NOFILE for containers; 0 to inherit the kubelet's
 */
record HostFeatures(boolean swapLimit, boolean cgroupNamespace, List<String> capabilities, long openFiles) {

    HostFeatures {
        capabilities = List.copyOf(capabilities);
    }
}
