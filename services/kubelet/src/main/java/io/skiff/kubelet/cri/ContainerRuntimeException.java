package io.skiff.kubelet.cri;

/**
 * A runtime call failed: the container could not be created or started (CreateContainerError,
 * RunContainerError in the pod's status), or the sandbox could not be set up (its network, most
 * often). The message is shown to the user.
 */
public class ContainerRuntimeException extends java.lang.RuntimeException {

    public ContainerRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }

    public ContainerRuntimeException(String message) {
        super(message);
    }
}
