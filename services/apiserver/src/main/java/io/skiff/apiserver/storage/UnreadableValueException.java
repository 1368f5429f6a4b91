package io.skiff.apiserver.storage;

/**
 * A stored value the {@link ValueTransformer} cannot turn back into an object (encrypted with a key
 * this server does not have, or altered). Requests that need the object answer 500 InternalError,
 * as kube-apiserver does for data it cannot transform; the rest of the registry keeps working.
 */
public final class UnreadableValueException extends RuntimeException {

    public UnreadableValueException(RegistryKey key, String reason) {
        super("unable to transform key \"" + ValueTransformer.path(key) + "\": " + reason);
    }

    private UnreadableValueException(String message) {
        super(message);
    }

    /** The same failure, thrown again where the object is needed. */
    public UnreadableValueException copy() {
        return new UnreadableValueException(getMessage());
    }
}
