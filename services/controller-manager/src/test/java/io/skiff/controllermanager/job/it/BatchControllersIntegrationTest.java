package io.skiff.controllermanager.job.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.controllermanager.testing.ControlPlane;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Job, CronJob and TTL-after-finished controllers of the real controller manager on a real API
 * server. There is no kubelet: the test plays it, writing pod phases and container statuses
 * through pods/status.
 */
class BatchControllersIntegrationTest {

    private static final String NAMESPACE = "batch-it";
    private static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";

    @RegisterExtension
    static final ControlPlane controlPlane = ControlPlane.withControllerManager();

    private static KubeHttp http() {
        return controlPlane.http();
    }

    @BeforeAll
    static void createNamespace() {
        assertThat(http().createNamespace(NAMESPACE).code()).isEqualTo(201);
    }

    @Test
    void aJobOfThreeCompletionsTwoAtATimeCompletesAndIsDeletedOnceItsTtlExpires() {
        createJob("pi", "\"completions\": 3, \"parallelism\": 2");

        // Play kubelet: every pod the controller creates runs to success; never more than two at once.
        Map<String, JsonNode> seen = new HashMap<>();
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    List<JsonNode> running = new ArrayList<>();
                    for (JsonNode pod : podsOf("pi")) {
                        seen.putIfAbsent(pod.at("/metadata/name").asText(), pod);
                        if (!pod.at("/status/phase").asText().equals("Succeeded")) {
                            running.add(pod);
                        }
                    }
                    assertThat(running.size()).as("active pods").isLessThanOrEqualTo(2);
                    running.forEach(pod -> finish(pod, "Succeeded", 0));
                    return isTrue(job("pi"), "Complete");
                });

        JobNode job = new JobNode(job("pi"));
        assertThat(job.status().path("succeeded").asInt()).isEqualTo(3);
        assertThat(job.status().path("failed").asInt()).isZero();
        assertThat(job.status().path("active").asInt()).isZero();
        assertThat(job.status().path("completionTime").asText()).isNotEmpty();
        assertThat(job.status().path("startTime").asText()).isNotEmpty();
        assertThat(job.conditionTypes()).containsExactly("SuccessCriteriaMet", "Complete");
        assertThat(seen).hasSize(3);
        assertThat(seen.values()).allSatisfy(pod -> {
            assertThat(pod.at("/metadata/labels/batch.kubernetes.io~1job-name").asText())
                    .isEqualTo("pi");
            assertThat(pod.at("/metadata/ownerReferences/0/kind").asText()).isEqualTo("Job");
            assertThat(pod.at("/metadata/finalizers").toString()).contains(TRACKING_FINALIZER);
        });
        // Counted pods keep running history but no longer the tracking finalizer.
        assertThat(podsOf("pi"))
                .allSatisfy(pod ->
                        assertThat(pod.at("/metadata/finalizers").toString()).doesNotContain(TRACKING_FINALIZER));
        List<JsonNode> events = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> eventsOf("Job", "pi"),
                        list -> count(list, "Completed") == 1 && count(list, "SuccessfulCreate") == 3);
        assertThat(events)
                .filteredOn(e -> e.path("reason").asText().equals("Completed"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.path("message").asText()).isEqualTo("Job completed");
                    assertThat(e.at("/source/component").asText()).isEqualTo("job-controller");
                });

        KubeHttp.Reply ttl = http().patch(
                        jobPath("pi"), "{\"spec\":{\"ttlSecondsAfterFinished\":0}}", "application/merge-patch+json");
        assertThat(ttl.code()).as(ttl.body().toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        http().get(jobPath("pi")).code() == 404 && podsOf("pi").isEmpty());
    }

    @Test
    void aFailingJobIsRetriedAfterItsBackOffAndFailsWithBackoffLimitExceeded() {
        createJob("flaky", "\"completions\": 1, \"backoffLimit\": 1");

        JsonNode first = await().atMost(Duration.ofSeconds(20))
                .until(() -> podsOf("flaky"), list -> list.size() == 1)
                .get(0);
        Instant failedAt = Instant.now();
        finish(first, "Failed", 1);

        List<JsonNode> both =
                await().atMost(Duration.ofSeconds(30)).until(() -> podsOf("flaky"), list -> list.size() == 2);
        Instant replacedAt = Instant.now();
        // The replacement waits out the 10 s back-off after the first failure.
        assertThat(Duration.between(failedAt, replacedAt)).isGreaterThan(Duration.ofSeconds(8));
        JsonNode second = both.stream()
                .filter(pod -> !pod.at("/metadata/name")
                        .asText()
                        .equals(first.at("/metadata/name").asText()))
                .findFirst()
                .orElseThrow();
        finish(second, "Failed", 1);

        await().atMost(Duration.ofSeconds(20)).until(() -> isTrue(job("flaky"), "Failed"));
        JobNode job = new JobNode(job("flaky"));
        assertThat(job.status().path("failed").asInt()).isEqualTo(2);
        assertThat(job.status().path("succeeded").asInt()).isZero();
        assertThat(job.conditionTypes()).containsExactly("FailureTarget", "Failed");
        JsonNode failed = job.condition("Failed");
        assertThat(failed.path("reason").asText()).isEqualTo("BackoffLimitExceeded");
        assertThat(failed.path("message").asText()).isEqualTo("Job has reached the specified backoff limit");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> eventsOf("Job", "flaky"), list -> count(list, "BackoffLimitExceeded") == 1);
    }

    @Test
    void aCronJobWhoseScheduleIsDueStartsTheJobOfTheMostRecentTime() {
        KubeHttp.Reply created = http().post("/apis/batch/v1/namespaces/" + NAMESPACE + "/cronjobs", """
                {"apiVersion": "batch/v1", "kind": "CronJob",
                 "metadata": {"name": "tick"},
                 "spec": {"schedule": "* * * * *", "suspend": true,
                          "jobTemplate": {"metadata": {"labels": {"app": "tick"}},
                                          "spec": {"template": {"spec": {"restartPolicy": "Never",
                                                   "containers": [{"name": "main", "image": "busybox"}]}}}}}}
                """);
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
        String uid = created.text("/metadata/uid");
        // As if it last ran two minutes ago: resuming it makes the current minute due at once.
        Instant lastRun = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(2));
        KubeHttp.Reply status = http().patch(
                        "/apis/batch/v1/namespaces/" + NAMESPACE + "/cronjobs/tick/status",
                        "{\"status\":{\"lastScheduleTime\":\"" + lastRun + "\"}}",
                        "application/merge-patch+json");
        assertThat(status.code()).as(status.body().toString()).isEqualTo(200);
        KubeHttp.Reply resumed = http().patch(
                        "/apis/batch/v1/namespaces/" + NAMESPACE + "/cronjobs/tick",
                        "{\"spec\":{\"suspend\":false}}",
                        "application/merge-patch+json");
        assertThat(resumed.code()).as(resumed.body().toString()).isEqualTo(200);

        JsonNode job = await().atMost(Duration.ofSeconds(20))
                .until(() -> jobsOwnedBy(uid), list -> list.size() == 1)
                .get(0);
        Instant scheduled =
                Instant.parse(job.at("/metadata/annotations/batch.kubernetes.io~1cronjob-scheduled-timestamp")
                        .asText());
        assertThat(scheduled).isAfter(lastRun).isBeforeOrEqualTo(Instant.now());
        assertThat(scheduled.getEpochSecond() % 60).isZero();
        assertThat(job.at("/metadata/name").asText()).isEqualTo("tick-" + scheduled.getEpochSecond() / 60);
        assertThat(job.at("/metadata/labels/app").asText()).isEqualTo("tick");
        assertThat(job.at("/metadata/ownerReferences/0/controller").asBoolean()).isTrue();

        JsonNode cronJob = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> http().get("/apis/batch/v1/namespaces/" + NAMESPACE + "/cronjobs/tick")
                                .body(),
                        node -> node.at("/status/active").size() == 1);
        assertThat(cronJob.at("/status/active/0/name").asText())
                .isEqualTo(job.at("/metadata/name").asText());
        assertThat(Instant.parse(cronJob.at("/status/lastScheduleTime").asText()))
                .isEqualTo(scheduled);
        // One creation event for this job. The minute may turn during the test, and the next
        // minute's job is then rightly created too: only this job's events are counted.
        String createdThisJob = "Created job " + job.at("/metadata/name").asText();
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> eventsOf("CronJob", "tick"),
                        list -> list.stream()
                                        .filter(e -> e.path("reason").asText().equals("SuccessfulCreate"))
                                        .filter(e -> e.path("message").asText().equals(createdThisJob))
                                        .count()
                                == 1);
    }

    private static void createJob(String name, String spec) {
        KubeHttp.Reply created =
                http().post("/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs", """
                {"apiVersion": "batch/v1", "kind": "Job",
                 "metadata": {"name": "%s"},
                 "spec": {%s,
                          "template": {"spec": {"restartPolicy": "Never",
                                                "containers": [{"name": "main", "image": "busybox"}]}}}}
                """.formatted(name, spec));
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
    }

    /** What the kubelet reports when the pod's only container exits. */
    private static void finish(JsonNode pod, String phase, int exitCode) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String body = """
                {"status": {"phase": "%s",
                  "conditions": [{"type": "Ready", "status": "False", "reason": "PodCompleted", "lastTransitionTime": "%s"}],
                  "containerStatuses": [{"name": "main", "image": "busybox", "imageID": "", "ready": false,
                    "restartCount": 0,
                    "state": {"terminated": {"exitCode": %d, "reason": "%s", "startedAt": "%s", "finishedAt": "%s"}}}]}}
                """.formatted(phase, now, exitCode, exitCode == 0 ? "Completed" : "Error", now, now);
        KubeHttp.Reply reply = http().patch(
                        "/api/v1/namespaces/" + NAMESPACE + "/pods/"
                                + pod.at("/metadata/name").asText() + "/status",
                        body,
                        "application/merge-patch+json");
        assertThat(reply.code()).as(reply.body().toString()).isEqualTo(200);
    }

    private static String jobPath(String name) {
        return "/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs/" + name;
    }

    private static JsonNode job(String name) {
        return http().get(jobPath(name)).body();
    }

    private static boolean isTrue(JsonNode job, String type) {
        for (JsonNode condition : job.at("/status/conditions")) {
            if (condition.path("type").asText().equals(type)
                    && condition.path("status").asText().equals("True")) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> podsOf(String jobName) {
        String selector = URLEncoder.encode("batch.kubernetes.io/job-name=" + jobName, StandardCharsets.UTF_8);
        List<JsonNode> pods = new ArrayList<>();
        http().get("/api/v1/namespaces/" + NAMESPACE + "/pods?labelSelector=" + selector)
                .body()
                .path("items")
                .forEach(pods::add);
        return pods;
    }

    private static List<JsonNode> jobsOwnedBy(String uid) {
        List<JsonNode> owned = new ArrayList<>();
        for (JsonNode job : http().get("/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs")
                .body()
                .path("items")) {
            if (job.at("/metadata/ownerReferences/0/uid").asText().equals(uid)) {
                owned.add(job);
            }
        }
        return owned;
    }

    private static List<JsonNode> eventsOf(String kind, String name) {
        String selector = URLEncoder.encode(
                "involvedObject.kind=" + kind + ",involvedObject.name=" + name, StandardCharsets.UTF_8);
        List<JsonNode> events = new ArrayList<>();
        http().get("/api/v1/namespaces/" + NAMESPACE + "/events?fieldSelector=" + selector)
                .body()
                .path("items")
                .forEach(events::add);
        return events;
    }

    private static long count(List<JsonNode> events, String reason) {
        return events.stream()
                .filter(e -> e.path("reason").asText().equals(reason))
                .count();
    }

    private record JobNode(JsonNode job) {
        JsonNode status() {
            return job.path("status");
        }

        List<String> conditionTypes() {
            List<String> types = new ArrayList<>();
            status().path("conditions").forEach(c -> types.add(c.path("type").asText()));
            return types;
        }

        JsonNode condition(String type) {
            for (JsonNode condition : status().path("conditions")) {
                if (condition.path("type").asText().equals(type)) {
                    return condition;
                }
            }
            throw new AssertionError("no " + type + " condition in " + status());
        }
    }
}
