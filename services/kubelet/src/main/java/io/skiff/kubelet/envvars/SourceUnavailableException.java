package io.skiff.kubelet.envvars;

/**
 * A source object cannot be read now (it is not watched, its watch has not listed it yet, or the
 * API server did not answer): unlike an object that does not exist, this says nothing about it, so
 * the container or volume that needs it fails with this message (Kubernetes' text, e.g. {@code
 * failed to sync configmap cache: timed out waiting for the condition}) and is retried, even when
 * its reference is optional.
 */
public final class SourceUnavailableException extends RuntimeException {

    public SourceUnavailableException(String message) {
        super(message, null, false, false);
    }
}
