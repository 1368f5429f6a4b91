package io.skiff.ha;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.KubeHttp;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A watch on the ConfigMaps of one namespace, read on a thread of its own that notes when each
 * object's ADDED event arrived, how often it arrived, and whether resourceVersions ever went
 * backwards on the stream.
 */
final class WatchTimeline implements AutoCloseable {

    private final BlockingQueue<JsonNode> events;
    private final Map<String, Long> addedAt = new ConcurrentHashMap<>();
    private final Map<String, Integer> addedCount = new ConcurrentHashMap<>();
    private final AtomicInteger outOfOrder = new AtomicInteger();
    private final Thread reader;
    private volatile boolean closed;
    private volatile String ended;

    private WatchTimeline(BlockingQueue<JsonNode> events) {
        this.events = events;
        this.reader = new Thread(this::read, "watch-timeline");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Watches from {@code resourceVersion}, so nothing written after that list is missed. */
    static WatchTimeline open(KubeHttp http, String namespace, String resourceVersion) {
        return new WatchTimeline(http.watch(
                "/api/v1/namespaces/" + namespace + "/configmaps?watch=1&resourceVersion=" + resourceVersion));
    }

    private void read() {
        long previous = 0;
        while (!closed) {
            JsonNode event;
            try {
                event = events.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (event == null) {
                continue;
            }
            long now = System.nanoTime();
            if (event.isNull()) {
                ended = "the stream ended";
                return;
            }
            String type = event.path("type").asText();
            if ("ERROR".equals(type)) {
                ended = "ERROR event: " + event.path("object");
                return;
            }
            long version = event.at("/object/metadata/resourceVersion").asLong();
            if (version <= previous) {
                outOfOrder.incrementAndGet();
            }
            previous = Math.max(previous, version);
            if ("ADDED".equals(type)) {
                String name = event.at("/object/metadata/name").asText();
                addedAt.putIfAbsent(name, now);
                addedCount.merge(name, 1, Integer::sum);
            }
        }
    }

    /** When the ADDED event of {@code name} arrived (System.nanoTime), or null if it has not. */
    Long addedAt(String name) {
        return addedAt.get(name);
    }

    boolean sawAll(Collection<String> names) {
        return addedAt.keySet().containsAll(names);
    }

    /** Objects whose ADDED event came more than once. */
    Map<String, Integer> duplicates() {
        Map<String, Integer> duplicates = new ConcurrentHashMap<>(addedCount);
        duplicates.values().removeIf(count -> count == 1);
        return duplicates;
    }

    int outOfOrder() {
        return outOfOrder.get();
    }

    /** Why the watch ended, or null while it runs. */
    String ended() {
        return ended;
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
    }
}
