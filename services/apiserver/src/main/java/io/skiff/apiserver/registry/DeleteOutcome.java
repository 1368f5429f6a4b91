package io.skiff.apiserver.registry;

/**
 * What a delete did.
 *
 * @param object the object: its last state if it was removed, its current state if it still
 *     waits for finalizers or a grace period
 * @param removed whether the object is gone from the registry
 */
public record DeleteOutcome(byte[] object, boolean removed) {}
