package io.skiff.scheduler.framework;

/** A plugin's verdict on whether an event may make a pod it rejected schedulable. */
public enum QueueingHint {
    /** The event may help: move the pod back to the active or backoff queue. */
    QUEUE,
    /** The event cannot help this pod: leave it where it is. */
    SKIP
}
