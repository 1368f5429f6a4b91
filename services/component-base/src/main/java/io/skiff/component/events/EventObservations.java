package io.skiff.component.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.skiff.model.json.KubeJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * client-go's eventLogger: remembers, per correlation key, the Event last written for it, so that a
 * repeat within the observation window becomes a patch of that Event (count + 1, new
 * lastTimestamp) instead of a new object.
 */
final class EventObservations {

    /** What is known of the Event recorded for a key. */
    private record Observation(
            int count, String firstTimestamp, String name, String resourceVersion, Instant lastSeen) {}

    private final LruCache<List<String>, Observation> observations;
    private final Duration window;

    EventObservations(int cacheSize, Duration window) {
        this.observations = new LruCache<>(cacheSize);
        this.window = window;
    }

    /** The event to send, turned into an update of the earlier Event if there is a recent one. */
    Correlation observe(Event event, List<String> key, Instant now) {
        Event observed = new EventBuilder(event).build();
        Observation last = observations.get(key);
        String patch = null;
        if (last != null && Duration.between(last.lastSeen(), now).compareTo(window) <= 0) {
            observed.getMetadata().setName(last.name());
            observed.getMetadata().setResourceVersion(last.resourceVersion());
            observed.setFirstTimestamp(last.firstTimestamp());
            observed.setCount(last.count() + 1);
            patch = patch(observed);
        }
        observations.put(key, observationOf(observed, now));
        return new Correlation(observed, patch, false);
    }

    /** Learns the server's view (name, resourceVersion, count) of an Event just written. */
    void updateState(Event saved, Instant now) {
        observations.put(EventKeys.identical(saved), observationOf(saved, now));
    }

    private static Observation observationOf(Event event, Instant now) {
        int count = event.getCount() == null ? 1 : event.getCount();
        return new Observation(
                count,
                event.getFirstTimestamp(),
                event.getMetadata().getName(),
                event.getMetadata().getResourceVersion(),
                now);
    }

    /** The fields client-go's two-way patch of a repeated event carries. */
    private static String patch(Event event) {
        ObjectNode patch = KubeJson.mapper().createObjectNode();
        patch.put("count", event.getCount());
        patch.put("lastTimestamp", event.getLastTimestamp());
        patch.put("message", event.getMessage());
        return patch.toString();
    }
}
