package io.skiff.component.informer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.client.ListOptions;
import io.skiff.component.client.ListerWatcher;
import io.skiff.component.client.ObjectList;
import io.skiff.component.client.WatchEvent;
import io.skiff.component.client.WatchOptions;
import io.skiff.model.api.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link SyncableStore} in step with the API server, as client-go's Reflector does: it lists
 * (in pages, the first time at resourceVersion "0" so the server may answer from its cache),
 * replaces the store, then watches from the list's revision with bookmarks and a randomised timeout.
 * When the server ends a watch, it watches again from the last revision it saw, whether from an
 * event or a bookmark. On connection failures, 5xx and 429 it pauses with exponential backoff and
 * resumes the watch from that revision; on 410 Gone (the revision was compacted) it relists from
 * scratch with a consistent read; on other errors it pauses and relists from the last revision.
 *
 * <p>It runs on its own thread, which also calls the store; {@link #stop()} cancels the watch and
 * ends the thread.
 */
public final class Reflector<T> {

    private static final Logger log = LoggerFactory.getLogger(Reflector.class);

    /** A watch ending sooner than this without a single event is treated as a failure. */
    private static final Duration SHORT_WATCH = Duration.ofSeconds(1);

    /** A watch still open this long past its own timeout is presumed dead (a half-open connection). */
    private static final Duration WATCH_DEADLINE_GRACE = Duration.ofMinutes(1);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final String NOT_OLDER_THAN = "NotOlderThan";

    private final String name;
    private final ListerWatcher<T> listerWatcher;
    private final SyncableStore<T> store;
    private final ReflectorSettings settings;
    private final ExponentialBackoff backoff;
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter lists;
    private final Counter relists;
    private final Counter watches;
    private final Counter failures;

    private volatile String lastSyncResourceVersion = "";
    private volatile boolean running;
    private Thread thread;

    /**
     * @param name identifies this reflector in thread names, logs and the {@code informer} metric tag
     * @param registry receives informer_lists_total, informer_relists_total, informer_watches_total,
     *     informer_failures_total and informer_last_sync_resource_version
     */
    public Reflector(
            String name,
            ListerWatcher<T> listerWatcher,
            SyncableStore<T> store,
            ReflectorSettings settings,
            MeterRegistry registry) {
        this.name = name;
        this.listerWatcher = listerWatcher;
        this.store = store;
        this.settings = settings;
        this.backoff =
                new ExponentialBackoff(settings.initialBackoff(), settings.maxBackoff(), settings.backoffJitter());
        this.registry = registry;
        this.lists = counter("informer.lists", "Lists completed, the first one included");
        this.relists = counter("informer.relists", "Lists after the first: after 410 Gone or an error");
        this.watches = counter("informer.watches", "Watches opened");
        this.failures = counter("informer.failures", "Lists and watches that failed");
        meters.add(Gauge.builder("informer.last.sync.resource.version", this, Reflector::numericRevision)
                .description("The revision the cache reflects, when revisions are numbers")
                .tag("informer", name)
                .register(registry));
    }

    /** Starts listing and watching on a new thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("reflector " + name + " already started");
        }
        running = true;
        thread = new Thread(this::run, "reflector-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Cancels the watch and waits (boundedly) for the thread to end; the store keeps its content. */
    public synchronized void stop() {
        running = false;
        meters.forEach(registry::remove);
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the reflector's thread is still listing and watching. */
    public boolean isRunning() {
        return running;
    }

    /** The revision of the last list, event or bookmark the store reflects; "" before the first list. */
    public String lastSyncResourceVersion() {
        return lastSyncResourceVersion;
    }

    private void run() {
        boolean listNeeded = true;
        String listFrom = "0";
        boolean listedOnce = false;
        while (running) {
            try {
                if (listNeeded) {
                    listAndReplace(listFrom, listedOnce);
                    listedOnce = true;
                    listNeeded = false;
                }
                if (!watchOnce()) {
                    pause();
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                failures.increment();
                ApiException status = apiException(e);
                if (status != null && status.code() == 410) {
                    log.info("{}: {}; relisting", name, status.getMessage());
                    listNeeded = true;
                    listFrom = "";
                } else if (listNeeded) {
                    log.warn("{}: list failed, retrying: {}", name, e.toString());
                } else if (status == null || status.code() >= 500 || status.code() == 429) {
                    log.warn("{}: watch failed, resuming from {}: {}", name, lastSyncResourceVersion, e.toString());
                } else {
                    log.warn("{}: watch failed, relisting: {}", name, e.toString());
                    listNeeded = true;
                    listFrom = lastSyncResourceVersion;
                }
                try {
                    pause();
                } catch (InterruptedException interrupted) {
                    break;
                }
            }
        }
        running = false;
        log.debug("{}: stopped", name);
    }

    private void listAndReplace(String from, boolean relist) {
        ListOptions first = listOptions(from, settings.pageSize() > 0 ? settings.pageSize() : null, null);
        ObjectList<T> page = list(first);
        List<T> objects = new ArrayList<>(page.items());
        while (page.hasMore()) {
            try {
                // The API server rejects a resourceVersion next to a continue token: pages share the
                // first page's snapshot anyway.
                page = list(new ListOptions(null, null, null, null, first.limit(), page.continueToken()));
                objects.addAll(page.items());
            } catch (ApiException e) {
                if (e.code() != 410) {
                    throw e;
                }
                // The continue token outlived the server's compaction: one unpaginated list at the
                // same revision, as client-go's pager falls back to.
                log.info("{}: continue token expired, listing without pages", name);
                page = list(listOptions(from, null, null));
                objects = new ArrayList<>(page.items());
            }
        }
        store.replace(objects, page.resourceVersion());
        lastSyncResourceVersion = orEmpty(page.resourceVersion());
        lists.increment();
        if (relist) {
            relists.increment();
        }
    }

    private ObjectList<T> list(ListOptions options) {
        ObjectList<T> page = listerWatcher.list(options).block(settings.requestTimeout());
        if (page == null) {
            throw new IllegalStateException("list returned no response");
        }
        return page;
    }

    /**
     * Watches once from the last revision until the server ends the watch.
     *
     * @return false for a suspiciously short, empty watch, which is paused after like a failure
     */
    private boolean watchOnce() throws InterruptedException {
        long timeoutSeconds = settings.minWatchTimeout().toSeconds();
        Duration timeout =
                Duration.ofSeconds(timeoutSeconds + ThreadLocalRandom.current().nextLong(timeoutSeconds + 1));
        WatchOptions options = WatchOptions.following(ListOptions.all(), lastSyncResourceVersion, timeout);
        long opened = System.nanoTime();
        long deadline = opened + timeout.plus(WATCH_DEADLINE_GRACE).toNanos();
        int events = 0;
        watches.increment();
        try (BlockingWatch<T> watch = new BlockingWatch<>(listerWatcher.watch(options))) {
            WatchEvent<T> event;
            while ((event = watch.next(deadline)) != null) {
                apply(event);
                if (events++ == 0) {
                    backoff.reset();
                }
            }
        } catch (TimeoutException e) {
            log.warn("{}: watch outlived its timeout of {}; watching again", name, timeout);
            return true;
        }
        boolean healthy = events > 0 || System.nanoTime() - opened >= SHORT_WATCH.toNanos();
        if (healthy) {
            backoff.reset();
        } else {
            log.debug("{}: very short watch without events", name);
        }
        return healthy;
    }

    private void apply(WatchEvent<T> event) {
        switch (event.type()) {
            case ADDED -> store.add(event.object());
            case MODIFIED -> store.update(event.object());
            case DELETED -> store.delete(event.object());
            case BOOKMARK -> {
                // Only the revision matters: it lets the next watch resume from here.
            }
            case ERROR -> throw new IllegalStateException("watch delivered an ERROR event without a Status");
        }
        if (event.resourceVersion() != null && !event.resourceVersion().isEmpty()) {
            lastSyncResourceVersion = event.resourceVersion();
        }
    }

    private void pause() throws InterruptedException {
        Duration pause = backoff.next();
        Thread.sleep(pause.toMillis(), pause.toNanosPart() % 1_000_000);
    }

    private Counter counter(String meterName, String description) {
        Counter counter = Counter.builder(meterName)
                .description(description)
                .tag("informer", name)
                .register(registry);
        meters.add(counter);
        return counter;
    }

    /** A specific revision is asked for as "not older than", so the server may serve it from cache. */
    private static ListOptions listOptions(String from, Integer limit, String continueToken) {
        boolean specific = !from.isEmpty() && !from.equals("0");
        return new ListOptions(null, null, from, specific ? NOT_OLDER_THAN : null, limit, continueToken);
    }

    private static ApiException apiException(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException api) {
                return api;
            }
        }
        return null;
    }

    private static double numericRevision(Reflector<?> reflector) {
        try {
            return Long.parseLong(reflector.lastSyncResourceVersion);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
