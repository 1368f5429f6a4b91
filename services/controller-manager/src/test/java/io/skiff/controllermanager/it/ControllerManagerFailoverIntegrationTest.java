package io.skiff.controllermanager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.component.leaderelection.LeaseTimings;
import io.skiff.controllermanager.ControllerManagerApplication;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two controller managers in their own JVMs on one API server; the leader is killed with SIGKILL
 * while it is scaling a Deployment up. The standby must take the lease over once it expires and
 * finish the scale-up from what the API server holds: every pod the dead leader created is kept,
 * and none is created twice, so the ReplicaSet ends with exactly its replicas.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ControllerManagerFailoverIntegrationTest {

    private static final String NAMESPACE = "cm-failover";
    private static final String LEASE =
            "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager";
    private static final Duration LEASE_DURATION = Duration.ofSeconds(3);
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(2);
    private static final Duration RETRY_PERIOD = Duration.ofMillis(500);
    /**
     * By client-go's rules a standby sees the dead leader's last renewal at most one jittered retry
     * period after it was made, takes the lease once a lease duration has passed since, on its next
     * jittered attempt: at most leaseDuration + 2 x retryPeriod x (1 + jitter) after the kill.
     */
    private static final Duration WORST_TAKEOVER = LEASE_DURATION.plus(
            Duration.ofNanos((long) (2 * RETRY_PERIOD.toNanos() * (1 + LeaseTimings.JITTER_FACTOR))));
    /** Two more lease durations of room for JVMs starved on a loaded two-core machine. */
    private static final Duration TAKEOVER_BOUND = WORST_TAKEOVER.plus(LEASE_DURATION.multipliedBy(2));

    private static final int INITIAL_REPLICAS = 10;
    private static final int SCALED_REPLICAS = 80;

    @TempDir
    Path logs;

    private ApiServerInstance apiServer;
    private final Map<String, Process> controllerManagers = new HashMap<>();

    @AfterEach
    void stop() {
        controllerManagers.values().forEach(Process::destroyForcibly);
        if (apiServer != null) {
            apiServer.close();
        }
    }

    @Test
    void theStandbyFinishesAScaleUpTheKilledLeaderStartedWithoutLosingOrDuplicatingPods() throws Exception {
        apiServer = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        KubeHttp http = new KubeHttp(apiServer.baseUrl());
        assertThat(http.createNamespace(NAMESPACE).code()).isEqualTo(201);
        long startedAt = System.nanoTime();
        controllerManagers.put("cm-a", startControllerManager("cm-a"));
        controllerManagers.put("cm-b", startControllerManager("cm-b"));
        String leader = await().atMost(Duration.ofSeconds(60))
                .until(() -> holder(http), holder -> holder != null && controllerManagers.containsKey(holder));
        String standby = leader.equals("cm-a") ? "cm-b" : "cm-a";
        System.out.printf(
                "controller-manager failover: %s leads %d ms after both JVMs were started%n",
                leader, Duration.ofNanos(System.nanoTime() - startedAt).toMillis());

        KubeHttp.Reply created =
                http.post("/apis/apps/v1/namespaces/" + NAMESPACE + "/deployments", """
                {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
                 "spec": {"replicas": %d, "selector": {"matchLabels": {"app": "web"}},
                          "template": {"metadata": {"labels": {"app": "web"}},
                                       "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}}
                """.formatted(INITIAL_REPLICAS));
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> pods(http).size() == INITIAL_REPLICAS);

        // Kill the leader the moment the first pod of the scale-up appears, while it is still creating.
        String listedAt = http.get("/api/v1/namespaces/" + NAMESPACE + "/pods").text("/metadata/resourceVersion");
        BlockingQueue<JsonNode> podEvents =
                http.watch("/api/v1/namespaces/" + NAMESPACE + "/pods?watch=true&resourceVersion=" + listedAt);
        KubeHttp.Reply scaled = http.patch(
                "/apis/apps/v1/namespaces/" + NAMESPACE + "/deployments/web",
                "{\"spec\":{\"replicas\":" + SCALED_REPLICAS + "}}",
                "application/merge-patch+json");
        assertThat(scaled.code()).as(scaled.body().toString()).isEqualTo(200);
        JsonNode firstNewPod = podEvents.poll(30, TimeUnit.SECONDS);
        assertThat(firstNewPod).as("the scale-up started").isNotNull();
        assertThat(firstNewPod.path("type").asText()).isEqualTo("ADDED");
        long killedAt = System.nanoTime();
        assertThat(controllerManagers.get(leader).destroyForcibly().waitFor(10, TimeUnit.SECONDS))
                .isTrue();
        Set<String> podsAtKill = podNames(pods(http));
        System.out.printf(
                "controller-manager failover: leader %s killed with %d of %d pods created%n",
                leader, podsAtKill.size(), SCALED_REPLICAS);

        await().atMost(TAKEOVER_BOUND.plusSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> holder(http), standby::equals);
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        await().atMost(Duration.ofSeconds(45)).until(() -> pods(http).size() >= SCALED_REPLICAS);
        Duration scaleUpDone = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.printf(
                "controller-manager failover: %s took the lease %d ms after the kill (lease duration %d ms,"
                        + " worst case by the election rules %d ms, bound %d ms); all %d pods existed %d ms"
                        + " after the kill%n",
                standby,
                takeover.toMillis(),
                LEASE_DURATION.toMillis(),
                WORST_TAKEOVER.toMillis(),
                TAKEOVER_BOUND.toMillis(),
                SCALED_REPLICAS,
                scaleUpDone.toMillis());
        assertThat(takeover).isLessThanOrEqualTo(TAKEOVER_BOUND);
        assertThat(http.get(LEASE).body().at("/spec/leaseTransitions").asInt()).isGreaterThanOrEqualTo(1);

        JsonNode replicaSet = onlyReplicaSet(http);
        String replicaSetUid = replicaSet.at("/metadata/uid").asText();
        // Settled, and stays so: no surplus pod comes late and none is deleted to make up for one.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> {
            List<JsonNode> pods = pods(http);
            return pods.size() == SCALED_REPLICAS
                    && pods.stream().allMatch(pod -> isControlledBy(pod, replicaSetUid) && !isTerminating(pod));
        });
        assertThat(podNames(pods(http))).as("no pod lost").containsAll(podsAtKill);
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode status = onlyReplicaSet(http).path("status");
            return status.path("replicas").asInt() == SCALED_REPLICAS
                    && status.path("observedGeneration").asLong()
                            == onlyReplicaSet(http).at("/metadata/generation").asLong();
        });
    }

    private Process startControllerManager(String identity) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                ControllerManagerApplication.class.getName(),
                "--skiff.apiserver.urls=" + apiServer.baseUrl(),
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--skiff.leader-election.identity=" + identity,
                "--skiff.leader-election.lease-duration=" + LEASE_DURATION.toMillis() + "ms",
                "--skiff.leader-election.renew-deadline=" + RENEW_DEADLINE.toMillis() + "ms",
                "--skiff.leader-election.retry-period=" + RETRY_PERIOD.toMillis() + "ms"));
        File log = logs.resolve(identity + ".log").toFile();
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
    }

    private static String holder(KubeHttp http) {
        KubeHttp.Reply lease = http.get(LEASE);
        return lease.code() == 200 ? lease.body().at("/spec/holderIdentity").asText(null) : null;
    }

    private static JsonNode onlyReplicaSet(KubeHttp http) {
        JsonNode items = http.get("/apis/apps/v1/namespaces/" + NAMESPACE + "/replicasets")
                .body()
                .path("items");
        assertThat(items).as("the Deployment has one ReplicaSet").hasSize(1);
        return items.get(0);
    }

    private static List<JsonNode> pods(KubeHttp http) {
        List<JsonNode> pods = new ArrayList<>();
        http.get("/api/v1/namespaces/" + NAMESPACE + "/pods")
                .body()
                .path("items")
                .forEach(pods::add);
        return pods;
    }

    private static Set<String> podNames(List<JsonNode> pods) {
        Set<String> names = new HashSet<>();
        pods.forEach(pod -> names.add(pod.at("/metadata/name").asText()));
        return names;
    }

    private static boolean isControlledBy(JsonNode pod, String uid) {
        for (JsonNode owner : pod.at("/metadata/ownerReferences")) {
            if (owner.path("controller").asBoolean()
                    && owner.path("uid").asText().equals(uid)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTerminating(JsonNode pod) {
        JsonNode deletion = pod.at("/metadata/deletionTimestamp");
        return !deletion.isMissingNode() && !deletion.isNull();
    }
}
