package io.skiff.kubelet.container;

/**
 * A container's environment could not be resolved (a missing ConfigMap key, a volume that is not
 * there): the container waits with reason CreateContainerConfigError and this message, and the
 * kubelet tries again on its next sync.
 */
public class ContainerSetupException extends RuntimeException {

    public ContainerSetupException(String message) {
        super(message);
    }

    public ContainerSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
