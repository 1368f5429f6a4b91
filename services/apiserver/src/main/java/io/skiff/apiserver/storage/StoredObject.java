package io.skiff.apiserver.storage;

/** An object as the registry holds it: JSON bytes at a revision. */
public record StoredObject(RegistryKey key, long revision, byte[] data) {}
