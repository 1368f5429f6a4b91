package io.skiff.apiserver.watch;

import io.skiff.apiserver.storage.ChangeType;
import io.skiff.model.catalog.ResourceType;

/**
 * A change as the watch cache keeps it: the object after the change (for DELETED, its last state)
 * and before it (null for ADDED).
 */
public record CacheEvent(
        long revision, ChangeType type, ResourceType resourceType, CachedObject object, CachedObject prev) {}
