package io.skiff.apiserver.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.storage.ChangeType;
import io.skiff.apiserver.storage.UnreadableValueException;
import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * One open watch. The cache offers it every change of its resource type, always under the cache's
 * lock and so one at a time; the watcher applies its filter the way Kubernetes' watch cache does (an
 * object that stops matching arrives as DELETED, one that starts matching as ADDED) and queues the
 * events for the connection. A watcher whose connection falls too far behind is closed, and its
 * client watches again from the last revision it saw.
 */
public final class Watcher {

    private final ResourceType type;
    private final WatchFilter filter;
    private final boolean bookmarks;
    private final int maxBacklog;
    private final Sinks.Many<WatchEvent> sink = Sinks.many()
            .unicast()
            .onBackpressureBuffer(Queues.<WatchEvent>unbounded().get());
    private final AtomicInteger backlog = new AtomicInteger();
    private long revision;
    private long lastBookmarkNanos = System.nanoTime();
    private boolean closed;
    /** Live events held back while older events are still being read from the database. */
    private List<CacheEvent> heldBack;

    Watcher(ResourceType type, WatchFilter filter, boolean bookmarks, int maxBacklog, long revision) {
        this.type = type;
        this.filter = filter;
        this.bookmarks = bookmarks;
        this.maxBacklog = maxBacklog;
        this.revision = revision;
    }

    public ResourceType type() {
        return type;
    }

    /** The events, in order; cancelling the subscription ends the watch. */
    public Flux<WatchEvent> events() {
        return sink.asFlux().doOnNext(e -> backlog.decrementAndGet());
    }

    long revision() {
        return revision;
    }

    boolean closed() {
        return closed;
    }

    void holdBack() {
        heldBack = new ArrayList<>();
    }

    /** Ends the hold-back: returns what was held back, to be offered after the replay. */
    List<CacheEvent> release() {
        List<CacheEvent> held = heldBack;
        heldBack = null;
        return held == null ? List.of() : held;
    }

    void offer(CacheEvent event) {
        if (closed || event.revision() <= revision) {
            return;
        }
        if (heldBack != null) {
            heldBack.add(event);
            return;
        }
        try {
            deliver(event);
        } catch (UnreadableValueException e) {
            // An object this server cannot decrypt ends the watch as Kubernetes' does, the cache goes on.
            closeWith(Statuses.internalError(e.getMessage()));
        }
    }

    private void deliver(CacheEvent event) {
        boolean now = filter.matches(event.object());
        boolean before = event.prev() != null && event.type() != ChangeType.DELETED && filter.matches(event.prev());
        revision = event.revision();
        switch (event.type()) {
            case ADDED -> {
                if (now) {
                    emit(event.asIs());
                }
            }
            case MODIFIED -> {
                if (now && before) {
                    emit(event.asIs());
                } else if (now) {
                    emit(event.asAdded());
                } else if (before) {
                    emit(new WatchEvent(
                            WatchEvent.DELETED,
                            event.revision(),
                            restamp(event.prev().json(), event.revision())));
                }
            }
            case DELETED -> {
                if (now) {
                    emit(event.asIs());
                }
            }
        }
    }

    /** Sends a synthetic ADDED for an object that exists when the watch starts. */
    void offerInitial(CachedObject object) {
        if (filter.matches(object)) {
            try {
                emit(new WatchEvent(WatchEvent.ADDED, object.revision(), object.json()));
            } catch (UnreadableValueException e) {
                closeWith(Statuses.internalError(e.getMessage()));
            }
        }
    }

    /** Sends a bookmark if the client allows them and the last one is older than {@code intervalNanos}. */
    void bookmarkIfDue(long cacheRevision, long intervalNanos, long nowNanos) {
        if (bookmarks && !closed && heldBack == null && nowNanos - lastBookmarkNanos >= intervalNanos) {
            bookmark(cacheRevision, false);
        }
    }

    void bookmark(long cacheRevision, boolean initialEventsEnd) {
        if (!bookmarks || closed) {
            return;
        }
        lastBookmarkNanos = System.nanoTime();
        revision = Math.max(revision, cacheRevision);
        emit(new WatchEvent(WatchEvent.BOOKMARK, revision, bookmarkObject(revision, initialEventsEnd)));
    }

    void closeWith(ApiException error) {
        if (closed) {
            return;
        }
        try {
            sink.tryEmitNext(
                    new WatchEvent(WatchEvent.ERROR, revision, KubeJson.mapper().writeValueAsBytes(error.status())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        close();
    }

    void close() {
        if (!closed) {
            closed = true;
            sink.tryEmitComplete();
        }
    }

    private void emit(WatchEvent event) {
        if (backlog.incrementAndGet() > maxBacklog) {
            closeWith(io.skiff.model.api.Statuses.expired(
                    "watch closed: the client fell more than " + maxBacklog + " events behind"));
            return;
        }
        if (sink.tryEmitNext(event).isFailure()) {
            close();
        }
    }

    private byte[] bookmarkObject(long rv, boolean initialEventsEnd) {
        ObjectNode object = KubeJson.mapper().createObjectNode();
        object.put("kind", type.kind());
        object.put("apiVersion", type.apiVersion());
        ObjectNode metadata = object.putObject("metadata");
        metadata.put("resourceVersion", Long.toString(rv));
        metadata.putNull("creationTimestamp");
        if (initialEventsEnd) {
            metadata.putObject("annotations").put("k8s.io/initial-events-end", "true");
        }
        try {
            return KubeJson.mapper().writeValueAsBytes(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The object as a DELETED event shows it: its last state with the event's revision. */
    private static byte[] restamp(byte[] json, long revision) {
        try {
            ObjectNode object = (ObjectNode) KubeJson.mapper().readTree(json);
            ((ObjectNode) object.get("metadata")).put("resourceVersion", Long.toString(revision));
            return KubeJson.mapper().writeValueAsBytes(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
