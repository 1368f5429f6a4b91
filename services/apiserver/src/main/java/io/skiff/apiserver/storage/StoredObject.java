package io.skiff.apiserver.storage;

/**
 * An object as the registry holds it: JSON bytes at a revision.
 *
 * @param unreadable set instead of {@code data} when the stored value could not be transformed
 *     back (see {@link ValueTransformer}); {@link #data()} then throws it
 * @param stale the stored value is readable but not as a write would store it now (see {@link
 *     ValueTransformer#isStale})
 */
public record StoredObject(
        RegistryKey key, long revision, byte[] data, UnreadableValueException unreadable, boolean stale) {

    public StoredObject(RegistryKey key, long revision, byte[] data) {
        this(key, revision, data, null, false);
    }

    /** The object's JSON. @throws UnreadableValueException if it could not be read */
    @Override
    public byte[] data() {
        if (unreadable != null) {
            throw unreadable.copy();
        }
        return data;
    }
}
