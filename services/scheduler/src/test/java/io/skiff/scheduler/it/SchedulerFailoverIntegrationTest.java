package io.skiff.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.scheduler.SchedulerApplication;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's first fault test: two schedulers in their own JVMs on one API server, pods created at a
 * steady rate, and the leader killed with SIGKILL part-way through. The standby must take the Lease
 * within the lease duration (plus a little slack for a loaded machine), no pod may be lost, and none
 * may be bound twice. Prints the recovery times: kill → new leader, kill → next pod bound.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SchedulerFailoverIntegrationTest {

    private static final int NODES = 4;
    private static final int PODS = 200;
    private static final int PODS_PER_SECOND = 20;
    /** The leader is killed once this many pods have been created, with the rest still to come. */
    private static final int KILL_AFTER = 60;

    private static final Duration LEASE_DURATION = Duration.ofSeconds(4);
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(3);
    private static final Duration RETRY_PERIOD = Duration.ofMillis(500);
    /** A retry period plus request latency and GC pauses on a loaded 2-core machine. */
    private static final Duration TAKEOVER_SLACK = Duration.ofSeconds(3);

    private static final String NAMESPACE = "failover";
    private static final String LEASE = "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path logs;

    private ApiServerInstance apiServer;
    private final Map<String, Scheduler> schedulers = new LinkedHashMap<>();
    /** Kills the scheduler JVMs should this JVM exit without running {@link #stop()}. */
    private final Thread killSchedulersOnExit = new Thread(this::killSchedulers, "kill-scheduler-jvms");

    private final HttpClient actuator =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A scheduler JVM and the port its actuator listens on. */
    private record Scheduler(Process process, int port, Path log) {}

    @AfterEach
    void stop() {
        killSchedulers();
        try {
            Runtime.getRuntime().removeShutdownHook(killSchedulersOnExit);
        } catch (IllegalStateException | IllegalArgumentException alreadyExitingOrNeverAdded) {
            // nothing to undo
        }
        if (apiServer != null) {
            apiServer.close();
        }
    }

    @Test
    void theStandbyLeadsWithinTheLeaseDurationAfterTheLeaderIsKilledAndEveryPodIsBoundOnce() throws Exception {
        long testStart = System.nanoTime();
        apiServer = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        KubeHttp http = new KubeHttp(apiServer.baseUrl());
        http.createNamespace(NAMESPACE);
        Set<String> nodes = createReadyNodes(http);
        System.out.printf(
                "scheduler failover: API server up, %d nodes created (%.1f s after the test started)%n",
                NODES, seconds(System.nanoTime() - testStart));

        Runtime.getRuntime().addShutdownHook(killSchedulersOnExit);
        schedulers.put("scheduler-a", startScheduler("scheduler-a"));
        schedulers.put("scheduler-b", startScheduler("scheduler-b"));
        // both up, so the standby's informers are warm before the leader dies
        for (String identity : schedulers.keySet()) {
            await("scheduler " + identity + " healthy")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> leaderElectionDetails(identity) != null);
            System.out.printf(
                    "scheduler failover: %s healthy (%.1f s after the test started)%n",
                    identity, seconds(System.nanoTime() - testStart));
        }
        String leader = await("a Lease holder")
                .atMost(Duration.ofSeconds(30))
                .until(() -> holder(http), holder -> holder != null && schedulers.containsKey(holder));
        String standby = leader.equals("scheduler-a") ? "scheduler-b" : "scheduler-a";
        await("leader state in the health details")
                .atMost(Duration.ofSeconds(10))
                .until(() -> isLeader(leader) && !isLeader(standby));
        System.out.printf(
                "scheduler failover: %s leads, %s stands by (%.1f s after the test started)%n",
                leader, standby, seconds(System.nanoTime() - testStart));

        AtomicInteger created = new AtomicInteger();
        CompletableFuture<Void> creating = CompletableFuture.runAsync(() -> createPodsSteadily(http, created));
        await("%d pods created".formatted(KILL_AFTER))
                .atMost(Duration.ofSeconds(60))
                .until(() -> created.get() >= KILL_AFTER || creating.isDone());
        if (creating.isCompletedExceptionally()) {
            creating.join(); // throws why creating failed
        }

        Instant killedAt = Instant.now();
        long killedNanos = System.nanoTime();
        Process killed = schedulers.get(leader).process().destroyForcibly();
        assertThat(killed.waitFor(10, TimeUnit.SECONDS)).as("the leader died").isTrue();
        Set<String> boundBeforeKill = boundPods(http).keySet();
        // the dead leader never saw these (the one being created now may have reached it, or not)
        int firstCreatedAfterDeath = created.get() + 1;

        long nextBindNanos = await("a pod bound by the new leader")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> boundPods(http).keySet().stream().anyMatch(pod -> !boundBeforeKill.contains(pod))
                                ? System.nanoTime()
                                : 0L,
                        at -> at != 0L);
        await("the standby holds the Lease").atMost(Duration.ofSeconds(10)).until(() -> standby.equals(holder(http)));
        JsonNode lease = http.get(LEASE).body();
        Instant acquiredAt = Instant.parse(lease.at("/spec/acquireTime").asText());
        Duration killToLeader = Duration.between(killedAt, acquiredAt);
        Duration killToBind = Duration.ofNanos(nextBindNanos - killedNanos);

        creating.get(60, TimeUnit.SECONDS);
        Map<String, String> bound = await("all pods bound")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> boundPods(http), pods -> pods.size() == PODS);
        Duration killToAllBound = Duration.ofNanos(System.nanoTime() - killedNanos);

        System.out.printf(
                "scheduler failover: kill -9 -> new leader %.2f s (lease duration %d s), kill -> next pod bound"
                        + " %.2f s, kill -> all %d pods bound %.2f s (%d bound before the kill)%n",
                killToLeader.toMillis() / 1e3,
                LEASE_DURATION.toSeconds(),
                killToBind.toMillis() / 1e3,
                PODS,
                killToAllBound.toMillis() / 1e3,
                boundBeforeKill.size());

        assertThat(killToLeader)
                .as("the standby acquires the Lease within the lease duration (+%s slack) of the kill", TAKEOVER_SLACK)
                .isLessThanOrEqualTo(LEASE_DURATION.plus(TAKEOVER_SLACK));
        assertThat(lease.at("/spec/leaseTransitions").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(isLeader(standby))
                .as("the new leader's health details say it leads")
                .isTrue();

        assertThat(bound.values())
                .as("every pod is bound to a node that exists")
                .allMatch(nodes::contains);
        assertBoundOnce(http, bound, firstCreatedAfterDeath);
        System.out.printf("scheduler failover: test took %.1f s%n", seconds(System.nanoTime() - testStart));
    }

    /**
     * The apiserver refuses a second binding of a bound pod (409); a scheduler that tried would post
     * a FailedScheduling event saying so. Each Scheduled event must name the node the pod is on.
     * Events go out after the binding, so the killed leader's last few may die with it; the new
     * leader's pods must each have theirs (checked for those created after the kill: the dead
     * leader cannot have bound them).
     */
    private static void assertBoundOnce(KubeHttp http, Map<String, String> bound, int firstCreatedAfterDeath) {
        Map<String, List<String>> scheduled = await("a Scheduled event for every pod created after the kill")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> events(http, "Scheduled"),
                        events -> IntStream.range(firstCreatedAfterDeath, PODS)
                                .allMatch(i -> events.containsKey("pod-" + i)));
        scheduled.forEach((pod, messages) -> {
            assertThat(messages).as("Scheduled events of %s", pod).hasSize(1);
            assertThat(messages.get(0))
                    .as("the Scheduled event of %s names its node", pod)
                    .isEqualTo("Successfully assigned %s/%s to %s".formatted(NAMESPACE, pod, bound.get(pod)));
        });
        Map<String, List<String>> failed = events(http, "FailedScheduling");
        assertThat(failed.values().stream().flatMap(List::stream))
                .as("no pod was bound a second time (or tried)")
                .noneMatch(message -> message.contains("already assigned"));
        System.out.printf(
                "scheduler failover: %d Scheduled events, %d pods with FailedScheduling events%n",
                scheduled.size(), failed.size());
    }

    private void createPodsSteadily(KubeHttp http, AtomicInteger created) {
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / PODS_PER_SECOND;
        for (int i = 0; i < PODS; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            KubeHttp.Reply reply = http.post("/api/v1/namespaces/" + NAMESPACE + "/pods", """
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"pod-%d"},
                     "spec":{"containers":[{"name":"c","image":"busybox",
                       "resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}}""".formatted(i));
            assertThat(reply.code()).as("creating pod-%d", i).isEqualTo(201);
            created.incrementAndGet();
        }
    }

    /** Nodes as a kubelet registers them, Ready and with room for every pod, but no kubelet behind. */
    private static Set<String> createReadyNodes(KubeHttp http) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < NODES; i++) {
            String name = "node-" + i;
            KubeHttp.Reply created = http.post("/api/v1/nodes", """
                    {"apiVersion":"v1","kind":"Node","metadata":{"name":"%s"},
                     "status":{"capacity":{"cpu":"64","memory":"256Gi","pods":"110"},
                       "allocatable":{"cpu":"64","memory":"256Gi","pods":"110"},
                       "conditions":[{"type":"Ready","status":"True","reason":"KubeletReady",
                         "message":"kubelet is posting ready status"}]}}""".formatted(name));
            assertThat(created.code()).as("creating node %s", name).isEqualTo(201);
            assertThat(created.text("/status/conditions/0/type")).isEqualTo("Ready");
            names.add(name);
        }
        return names;
    }

    private Scheduler startScheduler(String identity) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                SchedulerApplication.class.getName(),
                "--skiff.apiserver.urls=" + apiServer.baseUrl(),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--skiff.leader-election.identity=" + identity,
                "--skiff.leader-election.lease-duration=" + LEASE_DURATION.toMillis() + "ms",
                "--skiff.leader-election.renew-deadline=" + RENEW_DEADLINE.toMillis() + "ms",
                "--skiff.leader-election.retry-period=" + RETRY_PERIOD.toMillis() + "ms"));
        Path log = logs.resolve(identity + ".log");
        File logFile = log.toFile();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile)
                .start();
        return new Scheduler(process, port, log);
    }

    private void killSchedulers() {
        for (Scheduler scheduler : schedulers.values()) {
            scheduler.process().destroyForcibly();
        }
        for (Map.Entry<String, Scheduler> scheduler : schedulers.entrySet()) {
            try {
                if (!scheduler.getValue().process().waitFor(10, TimeUnit.SECONDS)) {
                    System.err.println("scheduler " + scheduler.getKey() + " did not die within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The leaderElection health details of a scheduler, or null while it does not answer. */
    private JsonNode leaderElectionDetails(String identity) {
        Scheduler scheduler = schedulers.get(identity);
        if (!scheduler.process().isAlive()) {
            throw new IllegalStateException("scheduler " + identity + " exited: " + tail(scheduler.log()));
        }
        try {
            HttpResponse<String> response = actuator.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + scheduler.port() + "/actuator/health"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            JsonNode details = JSON.readTree(response.body()).at("/components/leaderElection/details");
            return details.isMissingNode() ? null : details;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private boolean isLeader(String identity) {
        JsonNode details = leaderElectionDetails(identity);
        return details != null && details.path("leader").asBoolean(false);
    }

    private static String holder(KubeHttp http) {
        KubeHttp.Reply lease = http.get(LEASE);
        return lease.code() == 200 ? lease.body().at("/spec/holderIdentity").asText(null) : null;
    }

    /** Pod name → node name of every bound pod in the test namespace. */
    private static Map<String, String> boundPods(KubeHttp http) {
        Map<String, String> bound = new HashMap<>();
        for (JsonNode pod :
                http.get("/api/v1/namespaces/" + NAMESPACE + "/pods").body().path("items")) {
            String node = pod.at("/spec/nodeName").asText("");
            if (!node.isEmpty()) {
                bound.put(pod.at("/metadata/name").asText(), node);
            }
        }
        return bound;
    }

    /** Messages of the events with this reason, per pod; an event repeated counts once per repeat. */
    private static Map<String, List<String>> events(KubeHttp http, String reason) {
        Map<String, List<String>> events = new HashMap<>();
        for (JsonNode event : http.get("/api/v1/namespaces/" + NAMESPACE + "/events?fieldSelector=reason%3D" + reason)
                .body()
                .path("items")) {
            List<String> messages =
                    events.computeIfAbsent(event.at("/involvedObject/name").asText(), pod -> new ArrayList<>());
            for (int i = 0; i < event.path("count").asInt(1); i++) {
                messages.add(event.path("message").asText());
            }
        }
        return events;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
