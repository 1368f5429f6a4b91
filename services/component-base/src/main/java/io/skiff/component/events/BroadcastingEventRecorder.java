package io.skiff.component.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.skiff.model.time.KubeTimes;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An {@link EventRecorder} that builds Events on the caller's thread and queues them for sending. */
final class BroadcastingEventRecorder implements EventRecorder {

    private static final Logger log = LoggerFactory.getLogger(BroadcastingEventRecorder.class);

    private final EventBroadcaster broadcaster;
    private final EventOrigin origin;
    private final EventTimes times;

    BroadcastingEventRecorder(EventBroadcaster broadcaster, EventOrigin origin, EventTimes times) {
        this.broadcaster = broadcaster;
        this.origin = origin;
        this.times = times;
    }

    @Override
    public void event(HasMetadata object, EventType type, String reason, String messageFmt, Object... args) {
        record(() -> ObjectReferences.of(object), type, reason, messageFmt, args);
    }

    @Override
    public void event(ObjectReference object, EventType type, String reason, String messageFmt, Object... args) {
        record(() -> ObjectReferences.copyOf(object), type, reason, messageFmt, args);
    }

    private void record(
            Supplier<ObjectReference> reference, EventType type, String reason, String messageFmt, Object... args) {
        try {
            if (type == null) {
                throw new IllegalArgumentException("an event needs a type");
            }
            String message = args == null || args.length == 0 ? messageFmt : String.format(messageFmt, args);
            broadcaster.enqueue(makeEvent(reference.get(), type, reason, message));
        } catch (RuntimeException e) {
            log.error("Could not record event {} {} ({}): will not report it", type, reason, messageFmt, e);
        }
    }

    /** client-go's makeEvent: a new Event named after the object, in the object's namespace. */
    private Event makeEvent(ObjectReference object, EventType type, String reason, String message) {
        Instant now = times.now();
        String namespace =
                object.getNamespace() == null || object.getNamespace().isEmpty() ? "default" : object.getNamespace();
        ObjectMeta metadata = new ObjectMeta();
        metadata.setName(times.eventName(object.getName(), now));
        metadata.setNamespace(namespace);
        EventSource source = new EventSource();
        source.setComponent(origin.component());
        source.setHost(origin.host().isEmpty() ? null : origin.host());
        String timestamp = KubeTimes.time(now);

        Event event = new Event();
        event.setApiVersion("v1");
        event.setKind("Event");
        event.setMetadata(metadata);
        event.setInvolvedObject(object);
        event.setType(type.value());
        event.setReason(reason);
        event.setMessage(message);
        event.setSource(source);
        event.setReportingComponent(origin.reportingComponent());
        event.setReportingInstance(origin.reportingInstance());
        event.setFirstTimestamp(timestamp);
        event.setLastTimestamp(timestamp);
        event.setCount(1);
        return event;
    }
}
