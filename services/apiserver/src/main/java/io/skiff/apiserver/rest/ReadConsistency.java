package io.skiff.apiserver.rest;

import io.skiff.apiserver.storage.ChangeFeed;
import io.skiff.apiserver.storage.RegistryReader;
import io.skiff.apiserver.watch.WatchCache;
import io.skiff.apiserver.watch.WatchFilter;
import io.skiff.apiserver.watch.Watcher;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Kubernetes' resourceVersion semantics for reads served from the watch cache: unset means
 * consistent (the cache first catches up with the database's newest revision), "0" means any, a
 * number means not older than it, Exact means as of it, and a continue token pins the snapshot of
 * the first page.
 */
public final class ReadConsistency {

    private final WatchCache cache;
    private final RegistryReader reader;
    private final ChangeFeed feed;
    private final Scheduler storageScheduler;
    private final Duration timeout;

    public ReadConsistency(
            WatchCache cache, RegistryReader reader, ChangeFeed feed, Scheduler storageScheduler, Duration timeout) {
        this.cache = cache;
        this.reader = reader;
        this.feed = feed;
        this.storageScheduler = storageScheduler;
        this.timeout = timeout;
    }

    /** Completes once the cache reflects every write committed before this call. */
    public Mono<Long> consistent() {
        return Mono.fromCallable(reader::currentRevision)
                .subscribeOn(storageScheduler)
                .flatMap(this::notOlderThan);
    }

    /** Completes once the cache has reached {@code revision}; 504 if it does not in time. */
    public Mono<Long> notOlderThan(long revision) {
        if (revision <= 0) {
            return Mono.just(cache.revision());
        }
        if (cache.revision() >= revision) {
            return Mono.just(cache.revision());
        }
        feed.wake();
        return Mono.fromFuture(cache.awaitRevision(revision))
                .timeout(timeout)
                .onErrorMap(
                        TimeoutException.class,
                        e -> Statuses.timeout(
                                "Too large resource version: " + revision + ", current: " + cache.revision()));
    }

    /** The snapshot revision a list reads at: -1 for the cache's current state. */
    public Mono<Long> listRevision(ListOptions options) {
        if (options.continueToken() != null) {
            return Mono.just(ContinueToken.decode(options.continueToken()).revision());
        }
        if (options.resourceVersion() == null) {
            return consistent().thenReturn(-1L);
        }
        long rv = options.revision();
        if ("Exact".equals(options.resourceVersionMatch())) {
            return notOlderThan(rv).thenReturn(rv);
        }
        return notOlderThan(rv).thenReturn(-1L);
    }

    public WatchCache.ListResult list(ResourceType type, WatchFilter filter, long at, ListOptions options) {
        String start = options.continueToken() == null
                ? null
                : ContinueToken.decode(options.continueToken()).startKey();
        try {
            return cache.list(type, filter, at, start, (int) Math.min(Integer.MAX_VALUE, options.limit()));
        } catch (io.skiff.model.api.ApiException e) {
            if (options.continueToken() != null && e.code() == 410) {
                throw Statuses.expired(
                        "The provided continue parameter is too old to display a consistent list result. "
                                + "You can start a new list without the continue parameter.");
            }
            throw e;
        }
    }

    /**
     * Opens a watch as Kubernetes starts one: unset resourceVersion → the current state (read
     * consistently) as ADDED events, then changes; "0" → the cache's state, then changes; a
     * revision → the changes after it; sendInitialEvents → the state, a bookmark marking its end,
     * then changes.
     */
    public Mono<Watcher> openWatch(ResourceType type, WatchFilter filter, ListOptions options) {
        boolean sendInitial = Boolean.TRUE.equals(options.sendInitialEvents());
        long rv = options.revision();
        Mono<Long> ready;
        boolean initialState;
        if (sendInitial) {
            ready = rv > 0
                    ? notOlderThan(rv)
                    : options.resourceVersion() == null ? consistent() : Mono.just(cache.revision());
            initialState = true;
        } else if (options.resourceVersion() == null) {
            ready = consistent();
            initialState = true;
        } else if (rv == 0) {
            ready = Mono.just(cache.revision());
            initialState = true;
        } else {
            ready = notOlderThan(rv);
            initialState = false;
        }
        boolean initial = initialState;
        return ready.publishOn(storageScheduler)
                .map(r -> cache.watch(
                        type, filter, initial ? -1 : rv, initial, sendInitial, options.allowWatchBookmarks()));
    }

    public void close(Watcher watcher) {
        cache.unregister(watcher);
    }
}
