package io.skiff.component.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.skiff.model.time.KubeTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * client-go's EventAggregator: once an object has had events of one type and reason with
 * aggregateMaxEvents distinct messages, each within aggregateInterval of the previous, further such
 * events are replaced by one combined event, "(combined from similar events): " + the latest
 * message, which is then counted like any repeated event.
 */
final class EventAggregator {

    static final String COMBINED_PREFIX = "(combined from similar events): ";

    /** The event to record and the key its occurrences are counted under. */
    record Aggregated(Event event, List<String> observationKey) {}

    /** The distinct messages seen for one group, and when the group last had an event. */
    private static final class Group {
        final Set<String> messages = new HashSet<>();
        Instant last;
    }

    private final LruCache<List<String>, Group> groups;
    private final int maxEvents;
    private final Duration interval;
    private final EventTimes times;

    EventAggregator(int cacheSize, int maxEvents, Duration interval, EventTimes times) {
        this.groups = new LruCache<>(cacheSize);
        this.maxEvents = maxEvents;
        this.interval = interval;
        this.times = times;
    }

    Aggregated aggregate(Event event, Instant now) {
        List<String> groupKey = EventKeys.similar(event);
        Group group = groups.get(groupKey);
        if (group == null || Duration.between(group.last, now).compareTo(interval) > 0) {
            group = new Group();
        }
        group.messages.add(event.getMessage() == null ? "" : event.getMessage());
        group.last = now;
        groups.put(groupKey, group);

        if (group.messages.size() < maxEvents) {
            return new Aggregated(event, EventKeys.identical(event));
        }
        // Keep the set at its threshold: every further distinct message still counts as "many".
        Iterator<String> any = group.messages.iterator();
        any.next();
        any.remove();
        return new Aggregated(combined(event, now), groupKey);
    }

    private Event combined(Event event, Instant now) {
        ObjectMeta metadata = new ObjectMeta();
        metadata.setName(times.eventName(event.getInvolvedObject().getName(), now));
        metadata.setNamespace(event.getMetadata().getNamespace());
        String timestamp = KubeTimes.time(now);
        return new EventBuilder()
                .withMetadata(metadata)
                .withInvolvedObject(event.getInvolvedObject())
                .withType(event.getType())
                .withReason(event.getReason())
                .withMessage(COMBINED_PREFIX + event.getMessage())
                .withSource(event.getSource())
                .withReportingComponent(event.getReportingComponent())
                .withReportingInstance(event.getReportingInstance())
                .withCount(1)
                .withFirstTimestamp(timestamp)
                .withLastTimestamp(timestamp)
                .build();
    }
}
