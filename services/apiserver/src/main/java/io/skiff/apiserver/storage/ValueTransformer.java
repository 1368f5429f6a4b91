package io.skiff.apiserver.storage;

/**
 * Turns an object's JSON into the bytes stored in PostgreSQL and back, as Kubernetes' storage
 * value transformers do for etcd: encryption at rest plugs in here. The key is bound to the value
 * (authenticated data), so a stored value copied to another row does not decrypt.
 */
public interface ValueTransformer {

    /** Stores values as they are. */
    ValueTransformer IDENTITY = new ValueTransformer() {
        @Override
        public byte[] toStorage(RegistryKey key, byte[] plain) {
            return plain;
        }

        @Override
        public byte[] fromStorage(RegistryKey key, byte[] stored) {
            return stored;
        }
    };

    /**
     * The key as Kubernetes names etcd keys, {@code /registry/secrets/default/db} (no namespace
     * segment for cluster-scoped objects): the authenticated data of encrypted values, and how
     * errors name the object.
     */
    static String path(RegistryKey key) {
        return "/registry/" + key.resource() + "/" + (key.namespace().isEmpty() ? "" : key.namespace() + "/")
                + key.name();
    }

    byte[] toStorage(RegistryKey key, byte[] plain);

    /**
     * @throws UnreadableValueException if the stored value cannot be turned back (no key for it,
     *     tampered with)
     */
    byte[] fromStorage(RegistryKey key, byte[] stored);

    /**
     * Whether a readable stored value was not written the way a write would store it now (by an
     * older key, or still plaintext): an update that changes nothing must still rewrite it, which
     * is how {@code kubectl replace} moves every object to a new key.
     */
    default boolean isStale(RegistryKey key, byte[] stored) {
        return false;
    }
}
