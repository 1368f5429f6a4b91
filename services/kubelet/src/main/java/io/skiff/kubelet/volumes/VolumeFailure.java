package io.skiff.kubelet.volumes;

/**
 * A volume that could not be set up (or refreshed).
 *
 * @param message Kubernetes' error text, e.g. {@code configmap "app" not found}
 */
public record VolumeFailure(String volumeName, String message) {

    /** The reason of the Warning event Kubernetes records for it. */
    public static final String EVENT_REASON = "FailedMount";

    /** The event's message, as Kubernetes words it. */
    public String eventMessage() {
        return "MountVolume.SetUp failed for volume \"" + volumeName + "\" : " + message;
    }
}
