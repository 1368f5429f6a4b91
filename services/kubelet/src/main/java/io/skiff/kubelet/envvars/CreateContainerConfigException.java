package io.skiff.kubelet.envvars;

/**
 * A container's configuration cannot be built (a missing ConfigMap or key, an unsupported field
 * path). The container waits with reason {@value #REASON} and this exception's message, which is
 * Kubernetes' error text, e.g. {@code configmap "x" not found}.
 */
public final class CreateContainerConfigException extends RuntimeException {

    public static final String REASON = "CreateContainerConfigError";

    public CreateContainerConfigException(String message) {
        super(message, null, false, false);
    }
}
