package io.skiff.kubelet.image;

/** An image reference or digest that does not parse; the message is distribution/reference's. */
public class InvalidReferenceException extends IllegalArgumentException {

    public InvalidReferenceException(String message) {
        super(message);
    }
}
