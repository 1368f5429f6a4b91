package io.skiff.component.events;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * client-go's EventSourceObjectSpamFilter: each source may record a burst of events about one
 * object, then one more per refill interval, so an object that is always unhealthy cannot flood
 * the API server with events.
 */
final class EventSpamFilter {

    private final LruCache<List<String>, TokenBucket> buckets;
    private final int burst;
    private final Duration refillInterval;

    EventSpamFilter(int cacheSize, int burst, Duration refillInterval) {
        this.buckets = new LruCache<>(cacheSize);
        this.burst = burst;
        this.refillInterval = refillInterval;
    }

    /** Whether the event may be sent; false means it is dropped. */
    boolean admits(Event event, Instant now) {
        List<String> key = EventKeys.spam(event);
        TokenBucket bucket = buckets.get(key);
        if (bucket == null) {
            bucket = new TokenBucket(burst, refillInterval, now);
            buckets.put(key, bucket);
        }
        return bucket.tryAccept(now);
    }
}
