package io.skiff.bench.density;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches the hollow nodes' health while the cluster is loaded, by sampling what the API server
 * holds: every few seconds the Leases in kube-node-lease of the nodes whose names start with the
 * prefix (the worst lag is now minus the oldest renewTime), and less often the Nodes (how many are
 * not Ready=True). Bounded: it stops when closed.
 */
public final class HeartbeatMonitor implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client;
    private final URI server;
    private final String prefix;
    private final ScheduledExecutorService sampler;
    private final AtomicLong worstLagMillis = new AtomicLong();
    private final AtomicLong lastLagMillis = new AtomicLong();
    private final AtomicInteger worstNotReady = new AtomicInteger();
    private final AtomicInteger leaseSamples = new AtomicInteger();
    private final AtomicInteger nodeSamples = new AtomicInteger();
    private final AtomicInteger failedSamples = new AtomicInteger();
    private volatile int leasesSeen;

    public HeartbeatMonitor(
            HttpClient client, URI server, String nodePrefix, Duration leaseEvery, Duration nodesEvery) {
        this.client = client;
        this.server = server;
        this.prefix = nodePrefix;
        this.sampler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "heartbeat-monitor");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleWithFixedDelay(this::sampleLeases, 0, leaseEvery.toMillis(), TimeUnit.MILLISECONDS);
        sampler.scheduleWithFixedDelay(this::sampleNodes, 0, nodesEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The oldest renewTime seen in any sample, as a lag behind the moment of that sample. */
    public long worstLeaseLagMillis() {
        return worstLagMillis.get();
    }

    public long lastLeaseLagMillis() {
        return lastLagMillis.get();
    }

    /** The most nodes seen at once without Ready=True. */
    public int worstNotReady() {
        return worstNotReady.get();
    }

    public int leaseSamples() {
        return leaseSamples.get();
    }

    public int nodeSamples() {
        return nodeSamples.get();
    }

    public int failedSamples() {
        return failedSamples.get();
    }

    /** Leases of the prefix's nodes in the latest sample. */
    public int leasesSeen() {
        return leasesSeen;
    }

    private void sampleLeases() {
        try {
            JsonNode list = get("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases");
            Instant now = Instant.now();
            long worst = 0;
            int seen = 0;
            for (JsonNode lease : list.path("items")) {
                if (!lease.at("/metadata/name").asText().startsWith(prefix)) {
                    continue;
                }
                seen++;
                String renewed = lease.at("/spec/renewTime").asText("");
                if (!renewed.isEmpty()) {
                    worst = Math.max(
                            worst, Duration.between(Instant.parse(renewed), now).toMillis());
                }
            }
            leasesSeen = seen;
            lastLagMillis.set(worst);
            worstLagMillis.accumulateAndGet(worst, Math::max);
            leaseSamples.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            failedSamples.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sampleNodes() {
        try {
            JsonNode list = get("/api/v1/nodes?labelSelector=hollow.skiff.io%2Fnode%3Dtrue");
            int notReady = 0;
            for (JsonNode node : list.path("items")) {
                if (!node.at("/metadata/name").asText().startsWith(prefix)) {
                    continue;
                }
                boolean ready = false;
                for (JsonNode condition : node.at("/status/conditions")) {
                    if ("Ready".equals(condition.path("type").asText())) {
                        ready = "True".equals(condition.path("status").asText());
                    }
                }
                if (!ready) {
                    notReady++;
                }
            }
            worstNotReady.accumulateAndGet(notReady, Math::max);
            nodeSamples.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            failedSamples.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(
                HttpRequest.newBuilder(server.resolve(path))
                        .timeout(REQUEST_TIMEOUT)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException(path + " answered " + response.statusCode());
            }
            return KubeJson.mapper().readTree(body);
        }
    }

    @Override
    public void close() throws InterruptedException {
        sampler.shutdownNow();
        sampler.awaitTermination(5, TimeUnit.SECONDS);
    }
}
