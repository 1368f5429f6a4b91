package io.skiff.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.component.client.ApiClientProperties;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ListOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Issue 8's apiserver fault test: two API servers in their own JVMs on one PostgreSQL, active-active.
 * A watch on B sees what is written through A. Then a {@link KubeClient} holding both URLs creates
 * ConfigMaps at a steady rate while A, one of the two servers it is using, is killed with SIGKILL
 * part-way through. No acknowledged write may be lost (each exists afterwards with the data written);
 * the client must move to B and go on; a write whose outcome the dead connection left unknown is
 * sent again, as a controller requeues, and an AlreadyExists answer holding its data counts as its
 * own. Prints the recovery figures: kill → next acknowledged write, the longest gap between two
 * acknowledgements around the kill, and the watch latency across servers.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ApiServerFailoverIntegrationTest {

    private static final String NAMESPACE = "failover";
    private static final int WRITES = 1000;
    private static final int WRITES_PER_SECOND = 50;
    private static final int MAX_IN_FLIGHT = 256;
    /** A is killed once this many writes are acknowledged, with most of the load still to come. */
    private static final int KILL_AFTER = 300;

    private static final int CROSS_SERVER_WRITES = 20;

    /** A refused connection fails over within the same call; this bounds a slow, loaded machine. */
    private static final Duration NEXT_WRITE_WITHIN = Duration.ofSeconds(5);

    /** The watch-latency goal is far lower; this bounds a loaded 2-core CI machine. */
    private static final Duration WATCH_DELIVERY_WITHIN = Duration.ofSeconds(5);

    @TempDir
    Path logs;

    private final List<ApiServerProcess> servers = new ArrayList<>();
    private final Thread killServersOnExit = new Thread(this::closeServers, "kill-apiserver-jvms");
    private KubeClient client;
    private WatchTimeline watch;

    @AfterEach
    void stop() {
        if (watch != null) {
            watch.close();
        }
        if (client != null) {
            client.close();
        }
        closeServers();
        try {
            Runtime.getRuntime().removeShutdownHook(killServersOnExit);
        } catch (IllegalStateException | IllegalArgumentException alreadyExitingOrNeverAdded) {
            // nothing to undo
        }
    }

    @Test
    void noAcknowledgedWriteIsLostWhenAnApiServerIsKilledAndTheClientMovesToTheOther() throws Exception {
        long testStart = System.nanoTime();
        String database = TestPostgres.newDatabase();
        Runtime.getRuntime().addShutdownHook(killServersOnExit);
        ApiServerProcess a = start("apiserver-a", database);
        ApiServerProcess b = start("apiserver-b", database);
        for (ApiServerProcess server : servers) {
            await(server.name() + " ready")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(250))
                    .until(server::ready);
        }
        log("both API servers ready (%.1f s after the test started)", seconds(System.nanoTime() - testStart));

        KubeHttp viaA = new KubeHttp(a.baseUrl());
        KubeHttp viaB = new KubeHttp(b.baseUrl());
        assertThat(viaA.createNamespace(NAMESPACE).code()).isEqualTo(201);
        String listed =
                viaB.get("/api/v1/namespaces/" + NAMESPACE + "/configmaps").text("/metadata/resourceVersion");
        watch = WatchTimeline.open(viaB, NAMESPACE, listed);

        watchOnBSeesWritesMadeThroughA(viaA);

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        client = KubeClient.create(
                ApiClientProperties.defaults()
                        .withUrls(a.baseUrl(), b.baseUrl())
                        .withRateLimit(4 * WRITES_PER_SECOND, 2 * WRITES_PER_SECOND)
                        .withRequestTimeout(Duration.ofSeconds(10)),
                WebClient.builder(),
                meters);
        // a cold client's first requests open connections and load classes; not what is measured
        for (int i = 0; i < 10; i++) {
            client.resources(ConfigMap.class).list(NAMESPACE, ListOptions.all()).block(Duration.ofSeconds(30));
        }
        PacedCreates writes = new PacedCreates(client, NAMESPACE, WRITES, WRITES_PER_SECOND, MAX_IN_FLIGHT);
        CompletableFuture<Void> sending = CompletableFuture.runAsync(writes::run);
        await("%d writes acknowledged".formatted(KILL_AFTER))
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> writes.acknowledgedSoFar() >= KILL_AFTER || sending.isDone());
        double createdOnABeforeKill = created(meters, a);
        assertThat(createdOnABeforeKill)
                .as("the client was using A when it was killed")
                .isPositive();

        long killedAt = System.nanoTime();
        a.killHard();
        double createdOnA = created(meters, a);
        double createdOnBAtKill = created(meters, b);
        log(
                "%s gone %.3f s after SIGKILL, %d writes acknowledged by then",
                a.name(), seconds(System.nanoTime() - killedAt), writes.acknowledgedSoFar());

        sending.get(90, TimeUnit.SECONDS);
        assertThat(writes.awaitAnswers(Duration.ofSeconds(60)))
                .as("every write answered within 60 s of the last one sent")
                .isTrue();
        List<PacedCreates.Outcome> outcomes = writes.outcomes();

        log(
                "%d writes not sent (no slot within the in-flight bound): %s",
                writes.notSent().size(), writes.notSent());
        long slowest = outcomes.stream()
                .mapToLong(outcome -> outcome.answeredNanos() - outcome.sentNanos())
                .max()
                .orElse(0);
        long slow = outcomes.stream()
                .filter(outcome -> outcome.answeredNanos() - outcome.sentNanos() > TimeUnit.SECONDS.toNanos(1))
                .count();
        log("%d writes took over 1 s to settle; the slowest %.3f s", slow, seconds(slowest));
        List<PacedCreates.Outcome> rejected = outcomes.stream()
                .filter(outcome -> outcome.status() == PacedCreates.Status.REJECTED)
                .toList();
        List<PacedCreates.Outcome> unknown = outcomes.stream()
                .filter(outcome -> outcome.status() == PacedCreates.Status.UNKNOWN)
                .toList();
        List<PacedCreates.Outcome> settledOnRetry = outcomes.stream()
                .filter(outcome -> outcome.acknowledged() && outcome.firstFailure() != null)
                .toList();
        settledOnRetry.forEach(outcome -> log(
                "%s: sent %+.3f s from the kill, first attempt %s; attempt %d: %s",
                outcome.name(),
                seconds(outcome.sentNanos() - killedAt),
                outcome.firstFailure(),
                outcome.attempts(),
                outcome.settledBy()));
        rejected.forEach(outcome -> log("%s: rejected: %s", outcome.name(), outcome.failure()));
        unknown.forEach(outcome -> log("%s: outcome unknown: %s", outcome.name(), outcome.failure()));

        Recovery recovery = Recovery.of(outcomes, killedAt);
        log(
                "kill -9 -> next acknowledged write %.3f s; kill -> last write sent to the dead server %.3f s;"
                        + " longest gap between acknowledgements around the kill"
                        + " %.3f s; %d of %d writes acknowledged (%d after a failed first attempt), %d rejected,"
                        + " %d unknown; POSTs answered 201 by A before the kill %.0f, by B after it %.0f;"
                        + " breakers %s",
                seconds(recovery.killToNextAck()),
                seconds(lastSentToTheDead(settledOnRetry, killedAt)),
                seconds(recovery.longestGap()),
                outcomes.stream().filter(PacedCreates.Outcome::acknowledged).count(),
                WRITES,
                settledOnRetry.size(),
                rejected.size(),
                unknown.size(),
                createdOnABeforeKill,
                created(meters, b) - createdOnBAtKill,
                client.endpointStates());

        assertThat(writes.notSent())
                .as("writes not sent for want of a slot within the in-flight bound")
                .isEmpty();
        assertThat(outcomes).hasSize(WRITES);
        assertThat(rejected)
                .as("writes the servers refused (a 5xx here is one the client should have retried elsewhere)")
                .isEmpty();
        assertThat(unknown).as("writes left unknown after every requeue").isEmpty();
        assertThat(Duration.ofNanos(recovery.killToNextAck()))
                .as("kill -9 -> next acknowledged write")
                .isLessThanOrEqualTo(NEXT_WRITE_WITHIN);
        assertThat(created(meters, a))
                .as("nothing is created through the dead server")
                .isEqualTo(createdOnA);
        assertThat(created(meters, b) - createdOnBAtKill)
                .as("the client goes on through B")
                .isGreaterThan(0);

        everyAcknowledgedWriteIsStoredWithItsData(viaB, outcomes);
        watchOnBDeliveredEveryAcknowledgedWriteOnce(outcomes);
        log("test took %.1f s", seconds(System.nanoTime() - testStart));
    }

    /** Writes through A one at a time; each must reach the watch on B. */
    private void watchOnBSeesWritesMadeThroughA(KubeHttp viaA) {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < CROSS_SERVER_WRITES; i++) {
            String name = "via-a-" + i;
            KubeHttp.Reply created = viaA.post(
                    "/api/v1/namespaces/" + NAMESPACE + "/configmaps",
                    KubeHttp.configMap(name, "written", "through A").toString());
            long acknowledged = System.nanoTime();
            assertThat(created.code()).as("creating %s through A", name).isEqualTo(201);
            Long seen = await("the watch on B sees " + name)
                    .atMost(WATCH_DELIVERY_WITHIN)
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> watch.addedAt(name), at -> at != null);
            latencies.add(Math.max(0, seen - acknowledged));
        }
        Collections.sort(latencies);
        log(
                "watch on B, writes through A: ack -> event p50 %.1f ms, max %.1f ms (%d writes)",
                latencies.get(latencies.size() / 2) / 1e6, latencies.get(latencies.size() - 1) / 1e6, latencies.size());
    }

    private static void everyAcknowledgedWriteIsStoredWithItsData(KubeHttp viaB, List<PacedCreates.Outcome> outcomes) {
        Map<String, String> stored = new HashMap<>();
        for (JsonNode item : viaB.get("/api/v1/namespaces/" + NAMESPACE + "/configmaps")
                .body()
                .path("items")) {
            stored.put(
                    item.at("/metadata/name").asText(), item.at("/data/payload").asText(null));
        }
        for (PacedCreates.Outcome outcome : outcomes) {
            if (outcome.acknowledged()) {
                assertThat(stored)
                        .as("acknowledged write %s is stored with its data", outcome.name())
                        .containsEntry(outcome.name(), outcome.payload());
            } else if (stored.containsKey(outcome.name())) {
                // exists or absent are both fine for a write whose outcome is unknown, but not other data
                assertThat(stored.get(outcome.name()))
                        .as("%s (outcome unknown) holds its own data", outcome.name())
                        .isEqualTo(outcome.payload());
            }
        }
    }

    private void watchOnBDeliveredEveryAcknowledgedWriteOnce(List<PacedCreates.Outcome> outcomes) {
        List<String> acknowledged = outcomes.stream()
                .filter(PacedCreates.Outcome::acknowledged)
                .map(PacedCreates.Outcome::name)
                .toList();
        await("the watch on B delivers every acknowledged write")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .failFast("the watch on B ended", () -> watch.ended() != null)
                .until(() -> watch.sawAll(acknowledged));
        assertThat(watch.duplicates())
                .as("objects whose ADDED event came twice")
                .isEmpty();
        assertThat(watch.outOfOrder())
                .as("events whose resourceVersion went backwards")
                .isZero();
        List<Long> latencies = outcomes.stream()
                .filter(PacedCreates.Outcome::acknowledged)
                .map(outcome -> Math.max(0, watch.addedAt(outcome.name()) - outcome.answeredNanos()))
                .sorted()
                .toList();
        log(
                "watch on B under load (writes through A and B): ack -> event p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                latencies.get(latencies.size() / 2) / 1e6,
                latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1) / 1e6,
                latencies.get(latencies.size() - 1) / 1e6);
    }

    /**
     * When the client stopped sending to the dead server: the last write, sent after the kill, whose
     * first attempt failed (a refused connection fails over within the call and is not seen here; a
     * pooled connection to the dead server is, once). Zero if none was sent after the kill.
     */
    private static long lastSentToTheDead(List<PacedCreates.Outcome> settledOnRetry, long killedAt) {
        return settledOnRetry.stream()
                .mapToLong(outcome -> outcome.sentNanos() - killedAt)
                .filter(sinceKill -> sinceKill > 0)
                .max()
                .orElse(0);
    }

    /** From the outcomes: kill → first acknowledgement after it, and the longest silence around it. */
    private record Recovery(long killToNextAck, long longestGap) {

        static Recovery of(List<PacedCreates.Outcome> outcomes, long killedAt) {
            long[] answered = outcomes.stream()
                    .filter(PacedCreates.Outcome::acknowledged)
                    .mapToLong(PacedCreates.Outcome::answeredNanos)
                    .sorted()
                    .toArray();
            long next = IntStream.range(0, answered.length)
                    .mapToLong(i -> answered[i])
                    .filter(at -> at > killedAt)
                    .findFirst()
                    .orElse(Long.MAX_VALUE);
            long longestGap = 0;
            for (int i = 1; i < answered.length; i++) {
                if (answered[i] > killedAt && answered[i - 1] < killedAt + TimeUnit.SECONDS.toNanos(5)) {
                    longestGap = Math.max(longestGap, answered[i] - answered[i - 1]);
                }
            }
            return new Recovery(next == Long.MAX_VALUE ? Long.MAX_VALUE : next - killedAt, longestGap);
        }
    }

    private ApiServerProcess start(String name, String database) throws java.io.IOException {
        ApiServerProcess server = ApiServerProcess.start(name, database, logs);
        servers.add(server);
        return server;
    }

    private void closeServers() {
        servers.forEach(ApiServerProcess::close);
    }

    /** POSTs a server answered with 201, as the client's rest_client_requests_total counts them. */
    private static double created(SimpleMeterRegistry meters, ApiServerProcess server) {
        Counter counter = meters.find("rest.client.requests")
                .tags(
                        "method",
                        "POST",
                        "code",
                        "201",
                        "host",
                        URI.create(server.baseUrl()).getAuthority())
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static void log(String format, Object... args) {
        System.out.printf("apiserver failover: " + format + "%n", args);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
