package io.skiff.scheduler.framework;

import java.util.List;

/**
 * Implemented by plugins that can reject pods (PreEnqueue, PreFilter, Filter, Reserve, Permit):
 * the cluster events that could make a pod they rejected schedulable. A plugin that rejects pods
 * but does not implement this is treated as interested in every event.
 */
public interface EnqueueExtensions {

    List<ClusterEventWithHint> eventsToRegister();
}
