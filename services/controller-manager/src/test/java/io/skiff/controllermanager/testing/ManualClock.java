package io.skiff.controllermanager.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when a test moves it. */
public final class ManualClock extends Clock {

    private volatile Instant now;
    private final ZoneId zone;

    /** A clock at {@link PodMaker#NOW}, in UTC. */
    public ManualClock() {
        this(PodMaker.NOW);
    }

    public ManualClock(Instant now) {
        this(now, ZoneOffset.UTC);
    }

    public ManualClock(Instant now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new ManualClock(now, zone);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
