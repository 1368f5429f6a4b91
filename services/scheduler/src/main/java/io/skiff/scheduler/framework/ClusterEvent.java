package io.skiff.scheduler.framework;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A change in the cluster: a resource kind and what happened to it. Plugins register the events
 * that could make the pods they rejected schedulable; the queue matches observed events against
 * them.
 */
public record ClusterEvent(EventResource resource, Set<ActionType> actions, String label) {

    /** The event the periodic flush of long-unschedulable pods raises. */
    public static final ClusterEvent UNSCHEDULABLE_TIMEOUT =
            new ClusterEvent(EventResource.WILDCARD, ActionType.all(), "UnschedulableTimeout");

    /** An event that moves every unschedulable pod. */
    public static final ClusterEvent WILDCARD = new ClusterEvent(EventResource.WILDCARD, ActionType.all(), "WildCard");

    public ClusterEvent {
        Objects.requireNonNull(resource, "resource");
        actions = Collections.unmodifiableSet(
                actions.isEmpty() ? EnumSet.noneOf(ActionType.class) : EnumSet.copyOf(actions));
        label = label == null ? "" : label;
    }

    /** An event for {@code resource} with the given actions, labelled from them. */
    public static ClusterEvent of(EventResource resource, ActionType first, ActionType... rest) {
        Set<ActionType> actions = EnumSet.of(first, rest);
        return new ClusterEvent(resource, actions, resource + "/" + actions);
    }

    /** An event for {@code resource} with the given actions. */
    public static ClusterEvent of(EventResource resource, Set<ActionType> actions) {
        return new ClusterEvent(resource, actions, resource + "/" + actions);
    }

    /** Whether an observed event {@code observed} is one this registration asks for. */
    public boolean matches(ClusterEvent observed) {
        if (resource == EventResource.WILDCARD || observed.resource == EventResource.WILDCARD) {
            return true;
        }
        if (resource != observed.resource) {
            return false;
        }
        for (ActionType action : observed.actions) {
            if (actions.contains(action)) {
                return true;
            }
        }
        return false;
    }
}
