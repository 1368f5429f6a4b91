package io.skiff.component.events;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Instant;

/**
 * client-go's EventCorrelator: aggregates similar events, counts identical ones, and filters spam,
 * in that order, before anything reaches the API server. Each step keeps a bounded LRU cache.
 */
final class EventCorrelator {

    private final EventTimes times;
    private final EventAggregator aggregator;
    private final EventObservations observations;
    private final EventSpamFilter spamFilter;

    EventCorrelator(EventRecorderProperties properties, EventTimes times) {
        this.times = times;
        this.aggregator = new EventAggregator(
                properties.cacheSize(), properties.aggregateMaxEvents(), properties.aggregateInterval(), times);
        this.observations = new EventObservations(properties.cacheSize(), properties.aggregateInterval());
        this.spamFilter =
                new EventSpamFilter(properties.cacheSize(), properties.spamBurst(), properties.spamRefillInterval());
    }

    synchronized Correlation correlate(Event event) {
        Instant now = times.now();
        EventAggregator.Aggregated aggregated = aggregator.aggregate(event, now);
        Correlation observed = observations.observe(aggregated.event(), aggregated.observationKey(), now);
        return spamFilter.admits(observed.event(), now) ? observed : observed.skipped();
    }

    /** Called with the Event as the server stored it, so later repeats patch the right object. */
    synchronized void updateState(Event saved) {
        observations.updateState(saved, times.now());
    }
}
