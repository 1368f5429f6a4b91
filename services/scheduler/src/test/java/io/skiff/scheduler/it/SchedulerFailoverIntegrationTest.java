package io.skiff.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.scheduler.SchedulerApplication;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two schedulers in their own JVMs on one API server; the leader is killed with SIGKILL while pods
 * are being created. The standby must take over once the lease expires, and no pod may be lost or
 * bound twice.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SchedulerFailoverIntegrationTest {

    private static final int PODS = 40;
    private static final Duration LEASE = Duration.ofSeconds(3);

    @TempDir
    Path logs;

    private ApiServerInstance apiServer;
    private final Map<String, Process> schedulers = new HashMap<>();

    @AfterEach
    void stop() {
        schedulers.values().forEach(Process::destroyForcibly);
        if (apiServer != null) {
            apiServer.close();
        }
    }

    @Test
    void theStandbyTakesOverFromAKilledLeaderWithoutLosingOrDoubleBindingPods() throws Exception {
        apiServer = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        KubeHttp http = new KubeHttp(apiServer.baseUrl());
        http.createNamespace("failover");
        for (int i = 0; i < 3; i++) {
            http.post("/api/v1/nodes", """
                    {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-%d"},
                     "status":{"allocatable":{"cpu":"64","memory":"256Gi","pods":"110"}}}""".formatted(i));
        }
        schedulers.put("sched-a", startScheduler("sched-a"));
        schedulers.put("sched-b", startScheduler("sched-b"));
        String leader = await().atMost(Duration.ofSeconds(60))
                .until(() -> holder(http), holder -> holder != null && schedulers.containsKey(holder));
        String standby = leader.equals("sched-a") ? "sched-b" : "sched-a";

        for (int i = 0; i < PODS / 2; i++) {
            createPod(http, i);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> boundPods(http) == PODS / 2);

        long killedAt = System.nanoTime();
        schedulers.get(leader).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        for (int i = PODS / 2; i < PODS; i++) {
            createPod(http, i);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> boundPods(http) == PODS);
        double takeoverSeconds = (System.nanoTime() - killedAt) / 1e9;
        System.out.printf("scheduler failover: all pods bound %.1f s after the leader was killed%n", takeoverSeconds);

        assertThat(holder(http)).isEqualTo(standby);
        JsonNode lease = http.get("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler")
                .body();
        assertThat(lease.at("/spec/leaseTransitions").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(takeoverSeconds)
                .as("the standby acts within a lease duration plus scheduling time")
                .isLessThan(LEASE.toSeconds() + 20);

        // Events are posted asynchronously after the bindings, so the killed leader's last few may
        // be lost with it; every pod created after the kill is the new leader's, and has its event.
        Map<String, Integer> scheduledEvents = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> scheduledEvents(http),
                        events -> java.util.stream.IntStream.range(PODS / 2, PODS)
                                .allMatch(i -> events.containsKey("pod-" + i)));
        assertThat(scheduledEvents.values())
                .as("every pod was bound exactly once")
                .containsOnly(1);
    }

    private Process startScheduler(String identity) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                SchedulerApplication.class.getName(),
                "--skiff.apiserver.urls=" + apiServer.baseUrl(),
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--skiff.leader-election.identity=" + identity,
                "--skiff.leader-election.lease-duration=" + LEASE.toSeconds() + "s",
                "--skiff.leader-election.renew-deadline=2s",
                "--skiff.leader-election.retry-period=500ms"));
        File log = logs.resolve(identity + ".log").toFile();
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
    }

    private static void createPod(KubeHttp http, int index) {
        KubeHttp.Reply reply = http.post("/api/v1/namespaces/failover/pods", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"pod-%d"},
                 "spec":{"containers":[{"name":"c","image":"busybox",
                   "resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}}""".formatted(index));
        assertThat(reply.code()).isEqualTo(201);
    }

    /** Scheduled events per pod, with their counts (a repeat would raise a count or add an event). */
    private static Map<String, Integer> scheduledEvents(KubeHttp http) {
        Map<String, Integer> events = new HashMap<>();
        for (JsonNode event : http.get("/api/v1/namespaces/failover/events?fieldSelector=reason%3DScheduled")
                .body()
                .path("items")) {
            events.merge(
                    event.at("/involvedObject/name").asText(),
                    event.path("count").asInt(1),
                    Integer::sum);
        }
        return events;
    }

    private static String holder(KubeHttp http) {
        KubeHttp.Reply lease = http.get("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler");
        return lease.code() == 200 ? lease.body().at("/spec/holderIdentity").asText(null) : null;
    }

    private static long boundPods(KubeHttp http) {
        long bound = 0;
        for (JsonNode pod : http.get("/api/v1/namespaces/failover/pods").body().path("items")) {
            if (!pod.at("/spec/nodeName").asText("").isEmpty()) {
                bound++;
            }
        }
        return bound;
    }
}
