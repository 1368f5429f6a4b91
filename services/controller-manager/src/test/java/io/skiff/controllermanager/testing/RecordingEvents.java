package io.skiff.controllermanager.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import java.util.ArrayList;
import java.util.List;

/** Keeps events as "Type Reason: message" lines. */
public final class RecordingEvents implements EventRecorder {

    public final List<String> events = new ArrayList<>();

    @Override
    public synchronized void event(
            HasMetadata object, EventType type, String reason, String messageFmt, Object... args) {
        events.add(type + " " + reason + ": " + String.format(messageFmt, args));
    }

    @Override
    public synchronized void event(
            ObjectReference object, EventType type, String reason, String messageFmt, Object... args) {
        events.add(type + " " + reason + ": " + String.format(messageFmt, args));
    }
}
