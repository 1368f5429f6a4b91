package io.skiff.kubelet.image;

/**
 * An image garbage collection that did not reach its goal; {@link #reason()} is the Warning
 * event Kubernetes records on the node (InvalidDiskCapacity, FreeDiskSpaceFailed).
 */
public class ImageGcException extends RuntimeException {

    public static final String INVALID_DISK_CAPACITY = "InvalidDiskCapacity";
    public static final String FREE_DISK_SPACE_FAILED = "FreeDiskSpaceFailed";

    private final String reason;

    public ImageGcException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
