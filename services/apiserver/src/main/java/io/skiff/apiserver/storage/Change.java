package io.skiff.apiserver.storage;

/**
 * One committed change, as the change log holds it.
 *
 * @param revision the revision it committed at
 * @param data the object after the change; for DELETED its last state, stamped with this revision
 * @param prevData the object before the change, null for ADDED
 * @param unreadable set instead of the data when the stored values could not be transformed back
 *     (see {@link ValueTransformer}); {@link #data()} and {@link #prevData()} then throw it
 * @param stale {@code data} is readable but not stored as a write would store it now
 */
public record Change(
        long revision,
        RegistryKey key,
        ChangeType type,
        byte[] data,
        byte[] prevData,
        UnreadableValueException unreadable,
        boolean stale) {

    public Change(long revision, RegistryKey key, ChangeType type, byte[] data, byte[] prevData) {
        this(revision, key, type, data, prevData, null, false);
    }

    @Override
    public byte[] data() {
        if (unreadable != null) {
            throw unreadable.copy();
        }
        return data;
    }

    @Override
    public byte[] prevData() {
        if (unreadable != null) {
            throw unreadable.copy();
        }
        return prevData;
    }
}
