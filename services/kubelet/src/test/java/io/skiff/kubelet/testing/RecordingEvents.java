package io.skiff.kubelet.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event recorded, as "Type Reason: message" lines with the object they are about. */
public final class RecordingEvents implements EventRecorder {

    /** One event: the object (kind/name, with fieldPath when given) and its line. */
    public record Recorded(String object, String fieldPath, String type, String reason, String message) {

        public String line() {
            return type + " " + reason + ": " + message;
        }
    }

    private final List<Recorded> events = new CopyOnWriteArrayList<>();

    @Override
    public void event(HasMetadata object, EventType type, String reason, String messageFmt, Object... args) {
        events.add(new Recorded(
                object.getKind() + "/" + object.getMetadata().getName(),
                null,
                type.value(),
                reason,
                String.format(messageFmt, args)));
    }

    @Override
    public void event(ObjectReference object, EventType type, String reason, String messageFmt, Object... args) {
        events.add(new Recorded(
                object.getKind() + "/" + object.getName(),
                object.getFieldPath(),
                type.value(),
                reason,
                String.format(messageFmt, args)));
    }

    public List<Recorded> all() {
        return List.copyOf(events);
    }

    /** The "Type Reason: message" lines, in order. */
    public List<String> lines() {
        return events.stream().map(Recorded::line).toList();
    }

    public void clear() {
        events.clear();
    }
}
