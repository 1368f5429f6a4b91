package io.skiff.kubelet.volumes;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Some of a pod's volumes could not be set up, so its containers cannot start yet. The kubelet
 * records a FailedMount event per failure and tries again on the pod's next sync.
 */
public final class VolumesNotReadyException extends RuntimeException {

    private final transient List<VolumeFailure> failures;

    public VolumesNotReadyException(List<VolumeFailure> failures) {
        super(message(failures), null, false, false);
        this.failures = List.copyOf(failures);
    }

    public List<VolumeFailure> failures() {
        return failures;
    }

    private static String message(List<VolumeFailure> failures) {
        return "unmounted volumes="
                + failures.stream().map(VolumeFailure::volumeName).collect(Collectors.joining(" ", "[", "]"))
                + ": "
                + failures.stream().map(VolumeFailure::eventMessage).collect(Collectors.joining("; "));
    }
}
