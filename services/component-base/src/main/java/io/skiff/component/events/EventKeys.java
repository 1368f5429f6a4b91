package io.skiff.component.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.util.Arrays;
import java.util.List;

/**
 * The keys client-go's correlator groups events by (events_cache.go). Keys are tagged lists of the
 * fields rather than their concatenation, so "ab"+"c" and "a"+"bc" stay apart and keys of
 * different kinds never meet.
 */
final class EventKeys {

    private EventKeys() {}

    /** Identical events: same source, object (with fieldPath), type, reason and message. */
    static List<String> identical(Event event) {
        ObjectReference object = object(event);
        return key(
                "identical",
                source(event).getComponent(),
                source(event).getHost(),
                object.getKind(),
                object.getNamespace(),
                object.getName(),
                object.getFieldPath(),
                object.getUid(),
                object.getApiVersion(),
                event.getType(),
                event.getReason(),
                event.getMessage());
    }

    /** Similar events, which differ only by message: same source, object, type, reason and reporter. */
    static List<String> similar(Event event) {
        ObjectReference object = object(event);
        return key(
                "similar",
                source(event).getComponent(),
                source(event).getHost(),
                object.getKind(),
                object.getNamespace(),
                object.getName(),
                object.getUid(),
                object.getApiVersion(),
                event.getType(),
                event.getReason(),
                event.getReportingComponent(),
                event.getReportingInstance());
    }

    /** One spam budget per source and object. */
    static List<String> spam(Event event) {
        ObjectReference object = object(event);
        return key(
                "spam",
                source(event).getComponent(),
                source(event).getHost(),
                object.getKind(),
                object.getNamespace(),
                object.getName(),
                object.getUid(),
                object.getApiVersion());
    }

    private static EventSource source(Event event) {
        return event.getSource() == null ? new EventSource() : event.getSource();
    }

    private static ObjectReference object(Event event) {
        return event.getInvolvedObject() == null ? new ObjectReference() : event.getInvolvedObject();
    }

    private static List<String> key(String... parts) {
        return List.copyOf(
                Arrays.stream(parts).map(part -> part == null ? "" : part).toList());
    }
}
