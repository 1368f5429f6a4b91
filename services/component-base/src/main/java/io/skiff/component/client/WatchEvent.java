package io.skiff.component.client;

/**
 * One event of a watch.
 *
 * @param type what happened
 * @param object the object after the change (for DELETED, its last state); for BOOKMARK an object
 *     that carries only metadata.resourceVersion; null for ERROR, which a watch stream turns into an
 *     {@link io.skiff.model.api.ApiException} instead of emitting it
 * @param resourceVersion the revision of this event (metadata.resourceVersion of the object)
 */
public record WatchEvent<T>(WatchEventType type, T object, String resourceVersion) {}
