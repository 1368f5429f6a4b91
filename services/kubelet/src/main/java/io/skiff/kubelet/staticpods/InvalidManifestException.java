package io.skiff.kubelet.staticpods;

/** A manifest file that does not hold one valid pod; the message says why, as the kubelet logs it. */
public final class InvalidManifestException extends Exception {

    private static final long serialVersionUID = 1L;

    InvalidManifestException(String message) {
        super(message);
    }
}
