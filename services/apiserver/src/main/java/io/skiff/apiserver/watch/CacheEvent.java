package io.skiff.apiserver.watch;

import io.skiff.apiserver.storage.ChangeType;
import io.skiff.model.catalog.ResourceType;

/**
 * A change as the watch cache keeps it: the object after the change (for DELETED, its last state)
 * and before it (null for ADDED). It also hands out the outgoing event for watchers that see the
 * change as it is, one instance shared by all of them.
 */
public final class CacheEvent {

    private final long revision;
    private final ChangeType type;
    private final ResourceType resourceType;
    private final CachedObject object;
    private final CachedObject prev;
    private WatchEvent asAdded;
    private WatchEvent asIs;

    public CacheEvent(
            long revision, ChangeType type, ResourceType resourceType, CachedObject object, CachedObject prev) {
        this.revision = revision;
        this.type = type;
        this.resourceType = resourceType;
        this.object = object;
        this.prev = prev;
    }

    public long revision() {
        return revision;
    }

    public ChangeType type() {
        return type;
    }

    public ResourceType resourceType() {
        return resourceType;
    }

    public CachedObject object() {
        return object;
    }

    public CachedObject prev() {
        return prev;
    }

    /** The event of this change's own type with the new object; built once (under the cache lock). */
    WatchEvent asIs() {
        if (asIs == null) {
            asIs = new WatchEvent(type.name(), revision, object.json());
        }
        return asIs;
    }

    /** The object arriving as ADDED, for a watcher it now starts to match. */
    WatchEvent asAdded() {
        if (type == ChangeType.ADDED) {
            return asIs();
        }
        if (asAdded == null) {
            asAdded = new WatchEvent(WatchEvent.ADDED, revision, object.json());
        }
        return asAdded;
    }
}
