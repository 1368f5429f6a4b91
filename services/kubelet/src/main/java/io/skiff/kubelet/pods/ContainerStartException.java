package io.skiff.kubelet.pods;

/**
 * A container could not be started on this sync: its waiting state shows {@link #reason()}
 * (CrashLoopBackOff, ErrImagePull, ImagePullBackOff, ErrImageNeverPull, CreateContainerConfigError,
 * CreateContainerError, RunContainerError, PostStartHookError) and this message.
 */
final class ContainerStartException extends RuntimeException {

    static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";
    static final String ERR_IMAGE_PULL = "ErrImagePull";
    static final String IMAGE_PULL_BACK_OFF = "ImagePullBackOff";
    static final String ERR_IMAGE_NEVER_PULL = "ErrImageNeverPull";
    static final String CREATE_CONTAINER_CONFIG_ERROR = "CreateContainerConfigError";
    static final String CREATE_CONTAINER_ERROR = "CreateContainerError";
    static final String RUN_CONTAINER_ERROR = "RunContainerError";
    static final String POST_START_HOOK_ERROR = "PostStartHookError";

    private final String reason;

    ContainerStartException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
