package io.skiff.bench.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.bench.http.SkiffApi;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Watches the run's pods and notes when each is first seen with a node: the moment the scheduler's
 * binding was committed, as every other watcher (the kubelet, kubectl) sees it.
 */
public final class BindingWatch implements AutoCloseable {

    private final Map<String, Long> boundAtNanos = new ConcurrentHashMap<>();
    private final CountDownLatch allBound;
    private final AtomicLong lastBoundNanos = new AtomicLong();
    private volatile String lastResourceVersion;
    private final String namePrefix;
    private final Thread reader;
    private volatile Stream<String> lines;

    /** Counts the pods whose names start with {@code namePrefix}. */
    public BindingWatch(
            HttpClient client,
            URI server,
            String namespace,
            String namePrefix,
            String fromResourceVersion,
            int expected)
            throws IOException, InterruptedException {
        this.namePrefix = namePrefix;
        this.allBound = new CountDownLatch(expected);
        this.lastResourceVersion = fromResourceVersion;
        lines = new SkiffApi(client, server).watchPods(namespace, fromResourceVersion);
        reader = new Thread(this::read, "binding-watch");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            lines.forEach(this::onEvent);
        } catch (java.io.UncheckedIOException closed) {
            // close() ends the watch by closing the stream under the reader.
        }
    }

    private void onEvent(String line) {
        try {
            JsonNode object = KubeJson.mapper().readTree(line).path("object");
            lastResourceVersion =
                    object.path("metadata").path("resourceVersion").asText(lastResourceVersion);
            String node = object.path("spec").path("nodeName").asText("");
            if (node.isEmpty()) {
                return;
            }
            String pod = object.path("metadata").path("name").asText();
            if (!pod.startsWith(namePrefix)) {
                return;
            }
            long now = System.nanoTime();
            if (boundAtNanos.putIfAbsent(pod, now) == null) {
                lastBoundNanos.set(now);
                allBound.countDown();
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable watch event: " + line, e);
        }
    }

    public boolean awaitAll(Duration timeout) throws InterruptedException {
        return allBound.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The revision of the last event seen: a later watch from here misses nothing after it. */
    public String lastResourceVersion() {
        return lastResourceVersion;
    }

    public int bound() {
        return boundAtNanos.size();
    }

    public long lastBoundNanos() {
        return lastBoundNanos.get();
    }

    /** Bindings per whole second since {@code startNanos}, as scheduler_perf samples its throughput. */
    public long[] perSecond(long startNanos) {
        long last = lastBoundNanos.get();
        int seconds = (int) Math.max(1, (last - startNanos) / 1_000_000_000L + 1);
        long[] counts = new long[seconds];
        for (long at : boundAtNanos.values()) {
            int second = (int) Math.min(seconds - 1, Math.max(0, (at - startNanos) / 1_000_000_000L));
            counts[second]++;
        }
        return counts;
    }

    @Override
    public void close() {
        Stream<String> open = lines;
        if (open != null) {
            open.close();
        }
        reader.interrupt();
    }
}
