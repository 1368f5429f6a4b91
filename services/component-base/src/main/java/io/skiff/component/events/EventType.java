package io.skiff.component.events;

/** The two types of core/v1 Events. */
public enum EventType {
    /** Nothing to worry about: a pod was scheduled, a replica set scaled. */
    NORMAL("Normal"),
    /** Something may be wrong: a pod could not be scheduled, an image could not be pulled. */
    WARNING("Warning");

    private final String value;

    EventType(String value) {
        this.value = value;
    }

    /** The value of Event.type. */
    public String value() {
        return value;
    }
}
