package io.skiff.controllermanager.serviceendpoints;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.controllermanager.pods.ActivePods;
import io.skiff.model.time.KubeTimes;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Computes the endpoints.kubernetes.io/last-change-trigger-time of a Service's endpoints
 * (TriggerTimeTracker): the earliest change to a pod's readiness or to the Service that this sync
 * is the first to see; the Service's creation for its first sync; none when nothing it tracks
 * changed. Syncs of one Service never run at once (the work queue), so state per Service is only
 * guarded against other Services' syncs.
 *
 * <p>A sync {@link #observe observes}, then {@link #remember remembers} what it saw once it has
 * written (or found nothing to write): a sync that fails (a conflict, a stale cache) leaves the
 * tracker as it was, so its retry still carries the trigger time instead of losing it.
 */
public final class TriggerTimeTracker {

    private record State(Map<String, Instant> podTriggerTimes, Instant serviceTriggerTime) {}

    private final Map<String, State> states = new ConcurrentHashMap<>();

    /** What one sync saw: its endpoints' trigger time, and the state to remember once it succeeded. */
    public static final class Observation {
        private final String key;
        private final State state;
        private final Optional<Instant> triggerTime;

        private Observation(String key, State state, Optional<Instant> triggerTime) {
            this.key = key;
            this.state = state;
            this.triggerTime = triggerTime;
        }

        public Optional<Instant> triggerTime() {
            return triggerTime;
        }
    }

    /** The trigger time for this sync's endpoints; nothing is remembered until {@link #remember}. */
    public Observation observe(Service service, List<Pod> pods) {
        String key = ObjectKeys.keyOf(service);
        State previous = states.get(key);
        Map<String, Instant> podTimes = new HashMap<>();
        Instant earliestChange = null;
        for (Pod pod : pods) {
            Optional<Instant> podTime = ActivePods.readyConditionChanged(pod);
            if (podTime.isEmpty()) {
                continue;
            }
            podTimes.put(pod.getMetadata().getName(), podTime.get());
            Instant before = previous == null
                    ? null
                    : previous.podTriggerTimes().get(pod.getMetadata().getName());
            if (before == null || podTime.get().isAfter(before)) {
                earliestChange = earliest(earliestChange, podTime.get());
            }
        }
        Instant serviceTime = creation(service);
        if (serviceTime != null
                && (previous == null
                        || previous.serviceTriggerTime() == null
                        || serviceTime.isAfter(previous.serviceTriggerTime()))) {
            earliestChange = earliest(earliestChange, serviceTime);
        }
        State seen = new State(podTimes, serviceTime);
        return new Observation(key, seen, Optional.ofNullable(previous == null ? serviceTime : earliestChange));
    }

    /** The sync that made {@code observation} succeeded: the next one compares with what it saw. */
    public void remember(Observation observation) {
        states.put(observation.key, observation.state);
    }

    public void forget(String serviceKey) {
        states.remove(serviceKey);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static Instant creation(Service service) {
        return KubeTimes.parse(service.getMetadata().getCreationTimestamp()).orElse(null);
    }
}
