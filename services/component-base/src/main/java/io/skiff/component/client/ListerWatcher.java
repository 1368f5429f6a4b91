package io.skiff.component.client;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The two calls an informer's reflector needs, for one resource (and optionally one namespace),
 * as in client-go's cache.ListerWatcher. The reflector lists, then watches from the list's
 * resourceVersion, and relists when the watch fails with 410 Gone.
 */
public interface ListerWatcher<T> {

    /** One page (or everything, without a limit). Errors with ApiException for Status replies. */
    Mono<ObjectList<T>> list(ListOptions options);

    /**
     * The events after options.resourceVersion, in order. ERROR events are turned into an error
     * signal carrying ApiException (410 Expired when the revision has been compacted). The flux
     * completes when the server ends the watch (its timeout); the caller then watches again from the
     * last revision it saw.
     */
    Flux<WatchEvent<T>> watch(WatchOptions options);
}
