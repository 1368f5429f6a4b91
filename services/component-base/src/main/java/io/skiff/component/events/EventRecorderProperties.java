package io.skiff.component.events;

import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the event recorder ({@code skiff.events.*}); the defaults are client-go's
 * (tools/record event.go and events_cache.go). A null (unset) value takes its default.
 *
 * @param queueCapacity events waiting to be sent; beyond this new events are dropped
 * @param maxTries attempts to write one event before giving up on it
 * @param retryInterval pause between attempts (the first pause is randomised below it)
 * @param requestTimeout bound on one call to the sink
 * @param cacheSize entries in each of the correlator's LRU caches
 * @param aggregateMaxEvents distinct messages for one object and reason, within aggregateInterval,
 *     from which on events are combined into one
 * @param aggregateInterval the sliding window of aggregation and of counting identical events
 * @param spamBurst events one source may record about one object in a burst
 * @param spamRefillInterval time to earn one more event once the burst is spent
 * @param shutdownTimeout how long closing waits to send what is still queued (one try each)
 */
@ConfigurationProperties("skiff.events")
public record EventRecorderProperties(
        @DefaultValue("1000") Integer queueCapacity,
        @DefaultValue("12") Integer maxTries,
        @DefaultValue("10s") Duration retryInterval,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("4096") Integer cacheSize,
        @DefaultValue("10") Integer aggregateMaxEvents,
        @DefaultValue("10m") Duration aggregateInterval,
        @DefaultValue("25") Integer spamBurst,
        @DefaultValue("5m") Duration spamRefillInterval,
        @DefaultValue("5s") Duration shutdownTimeout) {

    public EventRecorderProperties {
        queueCapacity = positive("queueCapacity", queueCapacity, 1000);
        maxTries = positive("maxTries", maxTries, 12);
        retryInterval = positive("retryInterval", retryInterval, Duration.ofSeconds(10));
        requestTimeout = positive("requestTimeout", requestTimeout, Duration.ofSeconds(30));
        cacheSize = positive("cacheSize", cacheSize, 4096);
        aggregateMaxEvents = positive("aggregateMaxEvents", aggregateMaxEvents, 10);
        aggregateInterval = positive("aggregateInterval", aggregateInterval, Duration.ofMinutes(10));
        spamBurst = positive("spamBurst", spamBurst, 25);
        spamRefillInterval = positive("spamRefillInterval", spamRefillInterval, Duration.ofMinutes(5));
        shutdownTimeout = positive("shutdownTimeout", shutdownTimeout, Duration.ofSeconds(5));
    }

    /** client-go's defaults throughout. */
    public static EventRecorderProperties defaults() {
        return new EventRecorderProperties(null, null, null, null, null, null, null, null, null, null);
    }

    private static int positive(String name, Integer value, int fallback) {
        int actual = Objects.requireNonNullElse(value, fallback);
        if (actual <= 0) {
            throw new IllegalArgumentException("skiff.events." + name + " must be positive, got " + actual);
        }
        return actual;
    }

    private static Duration positive(String name, Duration value, Duration fallback) {
        Duration actual = Objects.requireNonNullElse(value, fallback);
        if (actual.isZero() || actual.isNegative()) {
            throw new IllegalArgumentException("skiff.events." + name + " must be positive, got " + actual);
        }
        return actual;
    }
}
