package io.skiff.apiserver.storage;

/**
 * One committed change, as the change log holds it.
 *
 * @param revision the revision it committed at
 * @param data the object after the change; for DELETED its last state, stamped with this revision
 * @param prevData the object before the change, null for ADDED
 */
public record Change(long revision, RegistryKey key, ChangeType type, byte[] data, byte[] prevData) {}
