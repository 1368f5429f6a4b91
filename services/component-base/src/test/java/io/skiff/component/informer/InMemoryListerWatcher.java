package io.skiff.component.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.component.client.ListOptions;
import io.skiff.component.client.ListerWatcher;
import io.skiff.component.client.ObjectList;
import io.skiff.component.client.WatchEvent;
import io.skiff.component.client.WatchEventType;
import io.skiff.component.client.WatchOptions;
import io.skiff.model.api.Statuses;
import io.skiff.model.json.KubeJson;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Test double of a {@link ListerWatcher}: an in-memory API server for one resource with a global
 * revision counter, a change log that watches replay from, pagination with snapshot continue
 * tokens, compaction (410 Expired for older revisions), bookmarks, and scripted failures. It emits
 * on another thread, as the HTTP client does. It records every request.
 */
final class InMemoryListerWatcher<T extends HasMetadata> implements ListerWatcher<T> {

    private record Change<T>(long revision, WatchEventType type, T object) {}

    private record Snapshot<T>(List<T> objects, long revision) {}

    private final Class<T> type;
    private final TreeMap<String, T> objects = new TreeMap<>();
    private final List<Change<T>> log = new ArrayList<>();
    private final List<Watcher<T>> watchers = new ArrayList<>();
    private final Map<String, Snapshot<T>> snapshots = new HashMap<>();
    private final Queue<RuntimeException> listFailures = new ArrayDeque<>();
    private final Queue<RuntimeException> watchFailures = new ArrayDeque<>();
    private long revision = 100;
    private long compactedRevision;
    private int snapshotCounter;
    private boolean expireTokensBeforeNextPage;

    final List<ListOptions> listRequests = new CopyOnWriteArrayList<>();
    final List<WatchOptions> watchRequests = new CopyOnWriteArrayList<>();
    final List<Long> watchOpenedNanos = new CopyOnWriteArrayList<>();

    private static final class Watcher<T> {
        final Sinks.Many<WatchEvent<T>> sink = Sinks.many().unicast().onBackpressureBuffer();
        final long from;

        Watcher(long from) {
            this.from = from;
        }
    }

    InMemoryListerWatcher(Class<T> type) {
        this.type = type;
    }

    /** Creates or updates {@code object} at the next revision; returns the stored copy. */
    synchronized T put(T object) {
        String key = ObjectKeys.keyOf(object);
        WatchEventType eventType = objects.containsKey(key) ? WatchEventType.MODIFIED : WatchEventType.ADDED;
        T stored = atNextRevision(object);
        objects.put(key, stored);
        record(eventType, stored);
        return stored;
    }

    /** Deletes the object with {@code key} at the next revision. */
    synchronized void delete(String key) {
        T removed = objects.remove(key);
        if (removed == null) {
            throw new IllegalArgumentException("no object " + key);
        }
        record(WatchEventType.DELETED, atNextRevision(removed));
    }

    /** Changes or deletes objects without telling watchers, as if the events were lost. */
    synchronized void putSilently(T object) {
        objects.put(ObjectKeys.keyOf(object), atNextRevision(object));
    }

    synchronized void deleteSilently(String key) {
        objects.remove(key);
        revision++;
    }

    /** Sends every open watch a BOOKMARK at revision {@code at} (may be ahead of the last change). */
    synchronized void bookmark(long at) {
        revision = Math.max(revision, at);
        for (Watcher<T> watcher : watchers) {
            emit(watcher, new WatchEvent<>(WatchEventType.BOOKMARK, null, Long.toString(at)));
        }
    }

    /** Ends every open watch normally, as the server does at the watch's timeout. */
    synchronized void endWatches() {
        for (Watcher<T> watcher : watchers) {
            watcher.sink.tryEmitComplete();
        }
        watchers.clear();
    }

    /** Fails every open watch with {@code error}. */
    synchronized void failWatches(RuntimeException error) {
        for (Watcher<T> watcher : watchers) {
            watcher.sink.tryEmitError(error);
        }
        watchers.clear();
    }

    /** Forgets the change log up to now: older revisions answer 410 Expired. */
    synchronized void compact() {
        compactedRevision = revision;
        log.clear();
    }

    /** Makes the continue token of the next paginated request expire, as compaction does. */
    synchronized void expireContinueTokensBeforeNextPage() {
        expireTokensBeforeNextPage = true;
    }

    synchronized void failNextList(RuntimeException error) {
        listFailures.add(error);
    }

    synchronized void failNextWatch(RuntimeException error) {
        watchFailures.add(error);
    }

    synchronized long revision() {
        return revision;
    }

    synchronized int openWatches() {
        return watchers.size();
    }

    @Override
    public synchronized Mono<ObjectList<T>> list(ListOptions options) {
        listRequests.add(options);
        RuntimeException failure = listFailures.poll();
        if (failure != null) {
            return Mono.<ObjectList<T>>error(failure).publishOn(Schedulers.boundedElastic());
        }
        Snapshot<T> snapshot;
        int offset;
        if (options.continueToken() != null) {
            if (expireTokensBeforeNextPage) {
                expireTokensBeforeNextPage = false;
                snapshots.clear();
            }
            String[] token = options.continueToken().split(":");
            snapshot = snapshots.get(token[0]);
            if (snapshot == null) {
                return Mono.error(Statuses.expired("The provided continue parameter is too old"));
            }
            offset = Integer.parseInt(token[1]);
        } else {
            String rv = options.resourceVersion();
            if (rv != null && !rv.isEmpty() && !rv.equals("0") && Long.parseLong(rv) < compactedRevision) {
                return Mono.error(Statuses.expired("too old resource version: " + rv + " (" + compactedRevision + ")"));
            }
            snapshot = new Snapshot<>(List.copyOf(objects.values()), revision);
            offset = 0;
        }
        int end = options.limit() == null
                ? snapshot.objects().size()
                : Math.min(snapshot.objects().size(), offset + options.limit());
        String continueToken = null;
        if (end < snapshot.objects().size()) {
            String id = "snapshot-" + snapshotCounter++;
            snapshots.put(id, snapshot);
            continueToken = id + ":" + end;
        }
        ObjectList<T> page = new ObjectList<>(
                snapshot.objects().subList(offset, end), Long.toString(snapshot.revision()), continueToken);
        return Mono.just(page).publishOn(Schedulers.boundedElastic());
    }

    @Override
    public synchronized Flux<WatchEvent<T>> watch(WatchOptions options) {
        watchRequests.add(options);
        watchOpenedNanos.add(System.nanoTime());
        RuntimeException failure = watchFailures.poll();
        if (failure != null) {
            return Flux.<WatchEvent<T>>error(failure).publishOn(Schedulers.boundedElastic());
        }
        long from =
                options.resourceVersion() == null || options.resourceVersion().isEmpty()
                        ? revision
                        : Long.parseLong(options.resourceVersion());
        if (from < compactedRevision) {
            return Flux.error(Statuses.expired("too old resource version: " + from + " (" + compactedRevision + ")"));
        }
        Watcher<T> watcher = new Watcher<>(from);
        for (Change<T> change : log) {
            if (change.revision() > from) {
                emit(watcher, new WatchEvent<>(change.type(), change.object(), Long.toString(change.revision())));
            }
        }
        watchers.add(watcher);
        return watcher.sink.asFlux().publishOn(Schedulers.boundedElastic()).doOnCancel(() -> forget(watcher));
    }

    private synchronized void forget(Watcher<T> watcher) {
        watchers.remove(watcher);
    }

    private void record(WatchEventType eventType, T object) {
        Change<T> change = new Change<>(revision, eventType, object);
        log.add(change);
        for (Watcher<T> watcher : watchers) {
            if (change.revision() > watcher.from) {
                emit(watcher, new WatchEvent<>(eventType, object, Long.toString(change.revision())));
            }
        }
    }

    private void emit(Watcher<T> watcher, WatchEvent<T> event) {
        watcher.sink.tryEmitNext(event).orThrow();
    }

    private T atNextRevision(T object) {
        T copy = KubeJson.mapper().convertValue(object, type);
        copy.getMetadata().setResourceVersion(Long.toString(++revision));
        return copy;
    }
}
