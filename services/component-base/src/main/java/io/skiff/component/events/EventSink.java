package io.skiff.component.events;

import io.fabric8.kubernetes.api.model.Event;
import reactor.core.publisher.Mono;

/**
 * The port through which recorded events reach the API server (core/v1 Events), as client-go's
 * record.EventSink. Implementations write into the Event's own namespace and report refusals as
 * {@link io.skiff.model.api.ApiException} (the Status the server answered); any other error is
 * taken as a transport failure and retried.
 */
public interface EventSink {

    /** POSTs a new Event; 409 AlreadyExists if its name is taken. Returns the Event as stored. */
    Mono<Event> create(Event event);

    /**
     * PATCHes an existing Event (named by {@code event}'s namespace and name) with a JSON merge
     * patch ({@code application/merge-patch+json}) that sets count, lastTimestamp and message —
     * how a repeated event is recorded. 404 NotFound if the Event is gone (expired by its TTL); the
     * recorder then creates it anew. Returns the Event as stored.
     */
    Mono<Event> patch(Event event, String mergePatch);
}
