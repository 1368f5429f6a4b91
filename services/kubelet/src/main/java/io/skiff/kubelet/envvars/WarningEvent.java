package io.skiff.kubelet.envvars;

/**
 * A Warning event Kubernetes' kubelet records while it builds a container's environment or a
 * pod's DNS settings; the caller records it with its event recorder.
 *
 * @param subject what the event is about
 */
public record WarningEvent(Subject subject, String reason, String message) {

    public enum Subject {
        POD,
        NODE
    }

    static WarningEvent aboutPod(String reason, String message) {
        return new WarningEvent(Subject.POD, reason, message);
    }

    static WarningEvent aboutNode(String reason, String message) {
        return new WarningEvent(Subject.NODE, reason, message);
    }
}
