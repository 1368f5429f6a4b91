package io.skiff.kubelet.cri;

/**
 * An image could not be pulled. The message is what the pod's ErrImagePull status and the Failed
 * event show, e.g. {@code failed to pull and unpack image "127.0.0.1:5000/nope:1": not found}.
 */
public class ImagePullException extends RuntimeException {

    private final boolean notFound;

    public ImagePullException(String message, boolean notFound, Throwable cause) {
        super(message, cause);
        this.notFound = notFound;
    }

    /** The registry has no such repository, tag or digest (retrying will not help by itself). */
    public boolean notFound() {
        return notFound;
    }
}
