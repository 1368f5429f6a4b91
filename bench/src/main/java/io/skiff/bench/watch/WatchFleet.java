package io.skiff.bench.watch;

import io.skiff.bench.http.ConfigMapBodies;
import io.skiff.bench.http.SkiffApi;
import io.skiff.bench.load.CommittedWrite;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.ToLongFunction;

/** Many watches on the ConfigMaps of one namespace, all started from the same resourceVersion. */
public final class WatchFleet implements AutoCloseable {

    /** Where the markers are written: the writers' server, which may differ from the watches'. */
    private final SkiffApi api;

    private final String namespace;
    private final Barriers barriers;
    private final List<Watcher> watchers;

    private WatchFleet(SkiffApi api, String namespace, Barriers barriers, List<Watcher> watchers) {
        this.api = api;
        this.namespace = namespace;
        this.barriers = barriers;
        this.watchers = watchers;
    }

    /**
     * Opens the watches on {@code client}, which should be kept apart from the writers' client so
     * that event delivery and writes do not queue behind each other inside the benchmark.
     */
    public static WatchFleet open(HttpClient client, SkiffApi api, String namespace, String fromVersion, int count) {
        return open(client, api, api, namespace, fromVersion, count);
    }

    /**
     * Opens the watches through {@code watchApi} while markers are written through {@code writeApi}:
     * with two API servers on one database, what one commits must reach watches on the other.
     */
    public static WatchFleet open(
            HttpClient client, SkiffApi watchApi, SkiffApi writeApi, String namespace, String fromVersion, int count) {
        Barriers barriers = new Barriers(count);
        List<Watcher> watchers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Watcher watcher = new Watcher(barriers);
            watchers.add(watcher);
            client.sendAsync(
                            watchApi.watchConfigMaps(namespace, fromVersion),
                            HttpResponse.BodyHandlers.fromSubscriber(watcher))
                    .whenComplete((response, error) -> {
                        if (error != null) {
                            watcher.failed(error.toString());
                        } else if (response.statusCode() != 200) {
                            watcher.failed("watch answered HTTP " + response.statusCode());
                        }
                    });
        }
        return new WatchFleet(writeApi, namespace, barriers, watchers);
    }

    /**
     * Writes a marker object and waits until every watch has delivered it. Returns how many watches
     * had not by the timeout: zero means every event written before the marker has been delivered.
     */
    public long sync(String markerName, Duration timeout) throws IOException, InterruptedException {
        barriers.open(markerName);
        api.createConfigMapNow(namespace, new ConfigMapBodies(0).create(markerName));
        return barriers.await(markerName, timeout);
    }

    public DeliveryReport deliveries(Collection<CommittedWrite> measuredWrites) {
        return DeliveryReport.of(measuredWrites, watchers);
    }

    /** As {@link #deliveries(Collection)}, with each latency starting at {@code from}. */
    public DeliveryReport deliveries(Collection<CommittedWrite> measuredWrites, ToLongFunction<CommittedWrite> from) {
        return DeliveryReport.of(measuredWrites, watchers, from);
    }

    /** Why watches broke before being closed, one entry per broken watch. */
    public List<String> failures() {
        return watchers.stream().map(Watcher::failure).filter(Objects::nonNull).toList();
    }

    @Override
    public void close() {
        watchers.forEach(Watcher::close);
    }
}
