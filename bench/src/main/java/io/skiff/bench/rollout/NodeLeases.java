package io.skiff.bench.rollout;

import io.skiff.model.time.KubeTimes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hollow kubelets' heartbeats: one Lease per node in {@code kube-node-lease}, renewed every
 * {@link #RENEW_INTERVAL} as a kubelet does (its nodeLeaseDurationSeconds is 40 s), spread evenly
 * over the interval. Without them the node lifecycle controller would find every node silent after
 * its 40 s grace period, mark the nodes' pods not ready and start evicting them.
 */
public final class NodeLeases implements AutoCloseable {

    static final Duration RENEW_INTERVAL = Duration.ofSeconds(10);
    private static final int LEASE_DURATION_SECONDS = 40;
    private static final String LEASES = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases";

    private final HttpClient client;
    private final URI server;
    private final String runLabel;
    private final ScheduledExecutorService timer;
    private final AtomicLong failures = new AtomicLong();

    /**
     * Creates a Lease for each of {@code nodes}, labelled {@code runLabel} ({@code key=value}) so
     * that {@link io.skiff.bench.http.SkiffApi#deleteLabelled} removes them, and starts renewing
     * them.
     */
    public NodeLeases(HttpClient client, URI server, List<String> nodes, String runLabel)
            throws IOException, InterruptedException {
        this.client = client;
        this.server = server;
        this.runLabel = runLabel;
        this.timer = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "hollow-kubelet-lease");
            t.setDaemon(true);
            return t;
        });
        for (String node : nodes) {
            create(node);
        }
        long spacingMicros = RENEW_INTERVAL.toNanos() / 1000 / Math.max(1, nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i);
            timer.scheduleAtFixedRate(
                    () -> renew(node),
                    RENEW_INTERVAL.toNanos() / 1000 + i * spacingMicros,
                    RENEW_INTERVAL.toNanos() / 1000,
                    TimeUnit.MICROSECONDS);
        }
    }

    /** Lease renewals that failed or timed out (not retried: the next renewal follows in 10 s). */
    public long failures() {
        return failures.get();
    }

    private void create(String node) throws IOException, InterruptedException {
        String[] label = runLabel.split("=", 2);
        String body = """
                {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"%s",
                "labels":{"%s":"%s"}},"spec":{"holderIdentity":"%s","leaseDurationSeconds":%d,
                "renewTime":"%s"}}""".formatted(node, label[0], label[1], node, LEASE_DURATION_SECONDS, now());
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(server.resolve(LEASES))
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IOException(
                    "creating the Lease of " + node + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /**
     * Sends one renewal without waiting for it, as every kubelet renews on its own: waiting in
     * turn would let the renewals fall behind a loaded server and the leases expire.
     */
    private void renew(String node) {
        String patch = "{\"spec\":{\"renewTime\":\"" + now() + "\"}}";
        client.sendAsync(
                        HttpRequest.newBuilder(server.resolve(LEASES + "/" + node))
                                .timeout(RENEW_INTERVAL)
                                .method("PATCH", HttpRequest.BodyPublishers.ofString(patch))
                                .header("Content-Type", "application/merge-patch+json")
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) -> {
                    if (error != null || response.statusCode() != 200) {
                        failures.incrementAndGet();
                    }
                });
    }

    /** A MicroTime, as Lease.spec.renewTime is. */
    private static String now() {
        return KubeTimes.microTime(Instant.now());
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
