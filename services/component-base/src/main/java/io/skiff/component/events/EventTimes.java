package io.skiff.component.events;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** The clock of the recorder and the unique nanosecond stamps that name Events ("pod-1.1879a3b2c4d5e6f7"). */
final class EventTimes {

    private final Clock clock;
    private final AtomicLong lastStamp = new AtomicLong();

    EventTimes(Clock clock) {
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    /** Nanoseconds since the epoch, strictly increasing across calls so names never collide. */
    long uniqueStamp(Instant at) {
        long nanos = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
        return lastStamp.accumulateAndGet(nanos, (last, candidate) -> Math.max(last + 1, candidate));
    }

    /** "name.hex" as client-go names Events: the object's name and a unique timestamp in hex. */
    String eventName(String objectName, Instant at) {
        return objectName + "." + String.format("%016x", uniqueStamp(at));
    }
}
