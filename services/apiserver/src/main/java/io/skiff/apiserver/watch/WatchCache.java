package io.skiff.apiserver.watch;

import io.skiff.apiserver.storage.Change;
import io.skiff.apiserver.storage.ChangeFeed;
import io.skiff.apiserver.storage.ChangeType;
import io.skiff.apiserver.storage.CompactedException;
import io.skiff.apiserver.storage.RegistryKey;
import io.skiff.apiserver.storage.RegistryReader;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every object of the registry in memory, kept current by the change feed, plus a window of recent
 * changes. Serves lists (current or as of a recent revision, for paging over one snapshot), gets
 * and watches without touching the database; a watch that resumes from before the window reads the
 * gap from the database's change log.
 *
 * <p>Changes are applied under the write lock; lists read under the read lock, so each list is one
 * consistent snapshot at one revision.
 */
public final class WatchCache implements ChangeFeed.Listener {

    private static final Logger log = LoggerFactory.getLogger(WatchCache.class);

    private final ResourceCatalog catalog;
    private final RegistryReader reader;
    private final int windowCapacity;
    private final int watcherBacklog;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, NavigableMap<String, CachedObject>> objects = new HashMap<>();
    private final ArrayDeque<CacheEvent> window = new ArrayDeque<>();
    private final Map<String, List<Watcher>> watchers = new HashMap<>();
    private final PriorityQueue<RevisionWaiter> waiters = new PriorityQueue<>();
    private long revision;
    /** The window holds every change after this revision. */
    private long windowStart;

    private volatile long loadedRevision = -1;
    /** The revision of each resource's latest change since the last load, for readers that derive state. */
    private final Map<String, Long> lastChanges = new java.util.concurrent.ConcurrentHashMap<>();

    private Consumer<Long> reloadListener = r -> {};

    public WatchCache(ResourceCatalog catalog, RegistryReader reader, int windowCapacity, int watcherBacklog) {
        this.catalog = catalog;
        this.reader = reader;
        this.windowCapacity = windowCapacity;
        this.watcherBacklog = watcherBacklog;
    }

    /** Loads every object from one snapshot and returns its revision; the feed starts there. */
    public long load() {
        Map<String, NavigableMap<String, CachedObject>> loaded = new HashMap<>();
        long snapshot = reader.snapshot(stored -> {
            ResourceType type = typeOf(stored.key());
            if (type != null) {
                loaded.computeIfAbsent(stored.key().resource(), r -> new TreeMap<>())
                        .put(
                                stored.key().objectKey(),
                                stored.unreadable() != null
                                        ? CachedObject.unreadable(stored.key(), stored.revision(), stored.unreadable())
                                        : CachedObject.of(
                                                type, stored.key(), stored.revision(), stored.data(), stored.stale()));
            }
        });
        lock.writeLock().lock();
        try {
            objects.clear();
            objects.putAll(loaded);
            lastChanges.clear();
            window.clear();
            revision = snapshot;
            windowStart = snapshot;
            for (Watcher watcher : takeAllWatchers()) {
                watcher.closeWith(Statuses.expired("the watch cache was reloaded; please relist"));
            }
            completeWaiters();
        } finally {
            lock.writeLock().unlock();
        }
        loadedRevision = snapshot;
        log.info(
                "Watch cache loaded {} objects at revision {}",
                loaded.values().stream().mapToInt(Map::size).sum(),
                snapshot);
        return snapshot;
    }

    /** Called with the new start revision whenever the cache reloads after falling behind. */
    public void onReload(Consumer<Long> listener) {
        this.reloadListener = listener;
    }

    public boolean isLoaded() {
        return loadedRevision >= 0;
    }

    /**
     * The revision at which objects of {@code type} last changed, or the revision the cache was last
     * loaded at if none changed since: whoever derives state from one resource (an index of RBAC
     * roles, say) rebuilds it only when this moves.
     */
    public long lastChange(ResourceType type) {
        Long changed = lastChanges.get(type.groupResource());
        return changed != null ? changed : loadedRevision;
    }

    public long revision() {
        lock.readLock().lock();
        try {
            return revision;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void changes(List<Change> changes) {
        lock.writeLock().lock();
        try {
            for (Change change : changes) {
                apply(change);
            }
            completeWaiters();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void fellBehind(CompactedException cause) {
        reloadListener.accept(load());
    }

    private void apply(Change change) {
        revision = change.revision();
        ResourceType type = typeOf(change.key());
        if (type == null) {
            return;
        }
        NavigableMap<String, CachedObject> store =
                objects.computeIfAbsent(change.key().resource(), r -> new TreeMap<>());
        lastChanges.put(change.key().resource(), change.revision());
        String objectKey = change.key().objectKey();
        CachedObject object = change.unreadable() != null
                ? CachedObject.unreadable(change.key(), change.revision(), change.unreadable())
                : CachedObject.of(type, change.key(), change.revision(), change.data(), change.stale());
        CachedObject prev =
                change.type() == ChangeType.DELETED ? store.remove(objectKey) : store.put(objectKey, object);
        CacheEvent event = new CacheEvent(change.revision(), change.type(), type, object, prev);
        window.addLast(event);
        while (window.size() > windowCapacity) {
            windowStart = window.removeFirst().revision();
        }
        List<Watcher> list = watchers.get(change.key().resource());
        if (list != null) {
            for (Iterator<Watcher> it = list.iterator(); it.hasNext(); ) {
                Watcher watcher = it.next();
                watcher.offer(event);
                if (watcher.closed()) {
                    it.remove();
                }
            }
        }
    }

    public Optional<CachedObject> get(ResourceType type, String namespace, String name) {
        lock.readLock().lock();
        try {
            NavigableMap<String, CachedObject> store = objects.get(type.groupResource());
            return Optional.ofNullable(store == null ? null : store.get(RegistryKey.objectKey(namespace, name)));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Lists matching objects in key order (namespace, then name).
     *
     * @param atRevision the snapshot revision for a continued or exact list, or -1 for current
     * @param startKey list only keys at or after this one (from a continue token), or null
     * @param limit at most this many items, 0 for all
     * @throws io.skiff.model.api.ApiException 410 Expired if {@code atRevision} is older than the window
     */
    /**
     * The keys of one namespace (all when null) from {@code startKey} on. A continue token's start
     * key comes from the client and may lie outside the namespace: before it the whole namespace is
     * listed, after it nothing (a bare {@code tailMap} of the namespace's range would throw).
     */
    static <V> NavigableMap<String, V> keyRange(NavigableMap<String, V> store, String namespace, String startKey) {
        if (namespace == null) {
            return startKey == null ? store : store.tailMap(startKey, true);
        }
        String low = namespace + "/";
        String high = namespace + "0"; // '0' is the character after '/'
        if (startKey == null || startKey.compareTo(low) < 0) {
            return store.subMap(low, true, high, false);
        }
        if (startKey.compareTo(high) >= 0) {
            return java.util.Collections.emptyNavigableMap();
        }
        return store.subMap(startKey, true, high, false);
    }

    /** How many objects of {@code groupResource} ("pods", "deployments.apps") the cache holds now. */
    public int objectCount(String groupResource) {
        lock.readLock().lock();
        try {
            NavigableMap<String, CachedObject> store = objects.get(groupResource);
            return store == null ? 0 : store.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    public ListResult list(ResourceType type, WatchFilter filter, long atRevision, String startKey, int limit) {
        lock.readLock().lock();
        try {
            long at = atRevision < 0 || atRevision >= revision ? revision : atRevision;
            NavigableMap<String, CachedObject> store = objects.getOrDefault(type.groupResource(), new TreeMap<>());
            if (at < revision) {
                store = asOf(type.groupResource(), store, at);
            }
            NavigableMap<String, CachedObject> range = keyRange(store, filter.namespace(), startKey);
            List<CachedObject> items = new ArrayList<>(limit > 0 ? Math.min(limit, 1024) : 64);
            String lastKey = null;
            boolean more = false;
            long remaining = 0;
            for (Map.Entry<String, CachedObject> entry : range.entrySet()) {
                CachedObject object = entry.getValue();
                if (!filter.matches(object)) {
                    continue;
                }
                if (limit > 0 && items.size() >= limit) {
                    more = true;
                    if (!filter.selectsEverythingInNamespace()) {
                        break;
                    }
                    remaining++;
                    continue;
                }
                items.add(object);
                lastKey = entry.getKey();
            }
            return new ListResult(
                    items, at, more ? lastKey : null, more && filter.selectsEverythingInNamespace() ? remaining : -1);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The objects of one resource as they were at {@code at}, undoing the window's later changes. */
    private NavigableMap<String, CachedObject> asOf(
            String resource, NavigableMap<String, CachedObject> current, long at) {
        if (at < windowStart) {
            throw Statuses.expired("The resourceVersion for the provided list is too old.");
        }
        NavigableMap<String, CachedObject> past = new TreeMap<>(current);
        for (Iterator<CacheEvent> it = window.descendingIterator(); it.hasNext(); ) {
            CacheEvent event = it.next();
            if (event.revision() <= at) {
                break;
            }
            if (!event.object().key().resource().equals(resource)) {
                continue;
            }
            String key = event.object().key().objectKey();
            if (event.prev() == null) {
                past.remove(key);
            } else {
                past.put(key, event.prev());
            }
        }
        return past;
    }

    /**
     * Opens a watch that delivers every change after {@code fromRevision}. With {@code initialState},
     * it first delivers an ADDED event for every matching object (resourceVersion unset or "0", or
     * sendInitialEvents), and with {@code initialEventsEnd} then a bookmark marking their end.
     */
    public Watcher watch(
            ResourceType type,
            WatchFilter filter,
            long fromRevision,
            boolean initialState,
            boolean initialEventsEnd,
            boolean bookmarks) {
        Watcher watcher;
        long from;
        lock.writeLock().lock();
        try {
            // The caller awaits fromRevision first, so it is never ahead of the cache.
            from = initialState || fromRevision < 0 ? revision : fromRevision;
            watcher = new Watcher(type, filter, bookmarks, watcherBacklog, from);
            if (initialState) {
                NavigableMap<String, CachedObject> store = objects.getOrDefault(type.groupResource(), new TreeMap<>());
                NavigableMap<String, CachedObject> range = filter.namespace() == null
                        ? store
                        : store.subMap(filter.namespace() + "/", true, filter.namespace() + "0", false);
                for (CachedObject object : range.values()) {
                    watcher.offerInitial(object);
                }
                if (initialEventsEnd) {
                    watcher.bookmark(revision, true);
                }
            } else if (from >= windowStart) {
                for (CacheEvent event : window) {
                    if (event.revision() > from && event.resourceType().equals(type)) {
                        watcher.offer(event);
                    }
                }
            } else {
                watcher.holdBack();
            }
            watchers.computeIfAbsent(type.groupResource(), r -> new ArrayList<>())
                    .add(watcher);
        } finally {
            lock.writeLock().unlock();
        }
        if (!initialState && from < windowStart) {
            replayFromLog(watcher, from);
        }
        return watcher;
    }

    /** Fills the gap between an old resume revision and the window from the database's change log. */
    private void replayFromLog(Watcher watcher, long from) {
        List<CacheEvent> replay = new ArrayList<>();
        long after = from;
        try {
            while (true) {
                List<Change> changes = reader.changesAfter(after, 2000);
                for (Change change : changes) {
                    ResourceType type = typeOf(change.key());
                    if (type != null && type.equals(watcher.type())) {
                        CachedObject object;
                        CachedObject prev = null;
                        if (change.unreadable() != null) {
                            object = CachedObject.unreadable(change.key(), change.revision(), change.unreadable());
                        } else {
                            object = CachedObject.of(type, change.key(), change.revision(), change.data());
                            prev = change.prevData() == null
                                    ? null
                                    : CachedObject.of(type, change.key(), change.revision(), change.prevData());
                        }
                        replay.add(new CacheEvent(change.revision(), change.type(), type, object, prev));
                    }
                    after = change.revision();
                }
                if (changes.size() < 2000) {
                    break;
                }
            }
        } catch (CompactedException e) {
            lock.writeLock().lock();
            try {
                watcher.release();
                watcher.closeWith(Statuses.expired("too old resource version: " + from + " (" + e.compacted() + ")"));
            } finally {
                lock.writeLock().unlock();
            }
            return;
        }
        lock.writeLock().lock();
        try {
            List<CacheEvent> held = watcher.release();
            for (CacheEvent event : replay) {
                watcher.offer(event);
            }
            for (CacheEvent event : held) {
                watcher.offer(event);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public void unregister(Watcher watcher) {
        lock.writeLock().lock();
        try {
            List<Watcher> list = watchers.get(watcher.type().groupResource());
            if (list != null) {
                list.remove(watcher);
            }
            watcher.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Ends every open watch (the server is stopping); clients re-watch elsewhere or later. */
    public void closeAllWatchers() {
        lock.writeLock().lock();
        try {
            for (Watcher watcher : takeAllWatchers()) {
                watcher.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Removes every watcher and returns them. Closing a watcher ends its stream, whose end removes
     * it from the registry on this same thread (the write lock is reentrant), so watchers are
     * closed from a copy, never while iterating the registry's lists.
     */
    private List<Watcher> takeAllWatchers() {
        List<Watcher> all = new ArrayList<>();
        watchers.values().forEach(all::addAll);
        watchers.clear();
        return all;
    }

    /** Sends due bookmarks to every watcher that allows them. */
    public void sendBookmarks(long intervalNanos) {
        long now = System.nanoTime();
        lock.writeLock().lock();
        try {
            for (List<Watcher> list : watchers.values()) {
                for (Watcher watcher : list) {
                    watcher.bookmarkIfDue(revision, intervalNanos, now);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public int watcherCount() {
        lock.readLock().lock();
        try {
            return watchers.values().stream().mapToInt(List::size).sum();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Completes once the cache has applied {@code target}: reads after that are consistent. */
    public CompletableFuture<Long> awaitRevision(long target) {
        lock.writeLock().lock();
        try {
            if (revision >= target) {
                return CompletableFuture.completedFuture(revision);
            }
            RevisionWaiter waiter = new RevisionWaiter(target, new CompletableFuture<>());
            waiters.add(waiter);
            return waiter.future;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void completeWaiters() {
        while (!waiters.isEmpty() && waiters.peek().target <= revision) {
            waiters.poll().future.complete(revision);
        }
    }

    private ResourceType typeOf(RegistryKey key) {
        return catalog.byGroupResource(key.resource()).orElse(null);
    }

    /**
     * One page of a list.
     *
     * @param revision the snapshot the page reflects
     * @param lastKey the key of the last item when more follow, else null
     * @param remaining how many matching items follow, or -1 if unknown
     */
    public record ListResult(List<CachedObject> items, long revision, String lastKey, long remaining) {}

    private record RevisionWaiter(long target, CompletableFuture<Long> future) implements Comparable<RevisionWaiter> {
        @Override
        public int compareTo(RevisionWaiter other) {
            return Long.compare(target, other.target);
        }
    }
}
