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
 */
public final class TriggerTimeTracker {

    private record State(Map<String, Instant> podTriggerTimes, Instant serviceTriggerTime) {}

    private final Map<String, State> states = new ConcurrentHashMap<>();

    /** The trigger time for this sync's endpoints, and remembers what it saw for the next. */
    public Optional<Instant> lastChangeTriggerTime(Service service, List<Pod> pods) {
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
        states.put(key, new State(podTimes, serviceTime));
        if (previous == null) {
            return Optional.ofNullable(serviceTime);
        }
        return Optional.ofNullable(earliestChange);
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
