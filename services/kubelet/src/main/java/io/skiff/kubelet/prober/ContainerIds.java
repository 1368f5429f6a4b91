package io.skiff.kubelet.prober;

/** Container IDs as pod statuses write them: {@code <runtime>://<id>} (kubecontainer.ContainerID). */
final class ContainerIds {

    private ContainerIds() {}

    /** The runtime's own ID, what the CRI calls take; an ID without a runtime prefix is taken as it is. */
    static String runtimeId(String containerId) {
        int separator = containerId.indexOf("://");
        return separator < 0 ? containerId : containerId.substring(separator + 3);
    }
}
