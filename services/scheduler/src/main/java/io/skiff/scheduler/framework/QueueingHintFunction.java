package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Judges one event for one pending pod, from the object before and after the change (before is
 * null on add, after is null on delete). An exception counts as {@link QueueingHint#QUEUE}.
 */
@FunctionalInterface
public interface QueueingHintFunction {

    QueueingHint isSchedulableAfter(Pod pod, Object oldObject, Object newObject);
}
