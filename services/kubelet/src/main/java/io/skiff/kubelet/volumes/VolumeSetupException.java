package io.skiff.kubelet.volumes;

/** A volume could not be set up; the message is Kubernetes' error text for it. */
public final class VolumeSetupException extends Exception {

    public VolumeSetupException(String message) {
        super(message, null, false, false);
    }

    public VolumeSetupException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
