package io.skiff.component.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;

/**
 * Records core/v1 Events about objects, as client-go's record.EventRecorder: what {@code kubectl
 * describe} shows under "Events". Recording never blocks and never throws: the event is queued and
 * sent in the background; a malformed call or a full queue is logged and the event dropped.
 */
public interface EventRecorder {

    /**
     * Records an event about {@code object}.
     *
     * @param reason short, UpperCamelCase, machine-readable: "Scheduled", "FailedScheduling"
     * @param messageFmt the human-readable message, a {@link String#format} pattern over args
     */
    void event(HasMetadata object, EventType type, String reason, String messageFmt, Object... args);

    /**
     * Records an event about the referenced object; use this form to point at a part of it
     * (fieldPath, e.g. {@code spec.containers{web}}).
     */
    void event(ObjectReference object, EventType type, String reason, String messageFmt, Object... args);
}
