package io.skiff.component.client;

/** The event types of the Kubernetes watch protocol. */
public enum WatchEventType {
    ADDED,
    MODIFIED,
    DELETED,
    BOOKMARK,
    ERROR
}
