package io.skiff.kubelet.image;

import java.io.IOException;

/** A layer archive that cannot be applied safely: an entry escaping the layer, a dangling hard link. */
final class InvalidLayerException extends IOException {

    InvalidLayerException(String message) {
        super(message);
    }
}
