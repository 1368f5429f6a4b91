package io.skiff.component.informer;

import java.util.List;

/**
 * What {@link CacheIndexer#replace} changed: the objects the new list added, those whose
 * resourceVersion changed, and those it no longer holds.
 *
 * @param added objects that were not cached before
 * @param updated objects that were cached with another resourceVersion (or without one)
 * @param deleted the last cached state of objects missing from the new list
 * @param unchanged how many objects were cached with the same resourceVersion
 */
public record StoreDiff<T>(List<T> added, List<Update<T>> updated, List<T> deleted, int unchanged) {

    public StoreDiff {
        added = List.copyOf(added);
        updated = List.copyOf(updated);
        deleted = List.copyOf(deleted);
    }

    /** An object replaced by a newer state. */
    public record Update<T>(T oldObject, T newObject) {}
}
