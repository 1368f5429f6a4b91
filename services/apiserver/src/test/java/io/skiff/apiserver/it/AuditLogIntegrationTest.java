package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log of a real API server: the policy picks each request's level, the events carry
 * Kubernetes' fields per stage, and the Audit-Id response header names them.
 */
class AuditLogIntegrationTest {

    private static final String POLICY = """
            apiVersion: audit.k8s.io/v1
            kind: Policy
            omitStages: ["RequestReceived"]
            rules:
            - level: None
              nonResourceURLs: ["/healthz*", "/readyz*", "/livez*"]
            - level: Metadata
              resources:
              - group: ""
                resources: ["secrets"]
            - level: RequestResponse
              omitManagedFields: true
              namespaces: ["audited"]
              resources:
              - group: ""
                resources: ["configmaps"]
            - level: Request
              verbs: ["watch"]
              omitStages: []
              resources:
              - group: ""
                resources: ["pods"]
            - level: Metadata
              nonResourceURLs: ["/version"]
            """;

    @TempDir
    static Path dir;

    private static ApiServerInstance server;
    private static KubeHttp http;
    private static Path log;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        Path policy = Files.writeString(dir.resolve("policy.yaml"), POLICY);
        log = dir.resolve("logs/audit.log");
        server = ApiServerInstance.onDatabase(
                TestPostgres.newDatabase(),
                "--skiff.apiserver.audit.policy-file=" + policy,
                "--skiff.apiserver.audit.log-path=" + log,
                "--skiff.apiserver.audit.log-maxsize=10",
                "--skiff.apiserver.audit.log-maxbackup=3");
        http = new KubeHttp(server.baseUrl());
        assertThat(http.createNamespace("audited").code()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aCreateAtRequestResponseLogsBothObjectsUnderTheAuditIdOfTheResponse() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/namespaces/audited/configmaps"))
                .header("Content-Type", "application/json")
                .header("User-Agent", "audit-test/1.0")
                .header("X-Forwarded-For", "203.0.113.9")
                .POST(HttpRequest.BodyPublishers.ofString(
                        KubeHttp.configMap("app", "color", "blue").toString())));
        assertThat(response.statusCode()).isEqualTo(201);
        String auditId = response.headers().firstValue("Audit-Id").orElseThrow();

        List<JsonNode> events = eventsOf(auditId, 1);
        JsonNode event = events.get(0);
        assertThat(event.path("kind").asText()).isEqualTo("Event");
        assertThat(event.path("apiVersion").asText()).isEqualTo("audit.k8s.io/v1");
        assertThat(event.path("level").asText()).isEqualTo("RequestResponse");
        assertThat(event.path("stage").asText()).isEqualTo("ResponseComplete");
        assertThat(event.path("verb").asText()).isEqualTo("create");
        assertThat(event.path("requestURI").asText()).isEqualTo("/api/v1/namespaces/audited/configmaps");
        assertThat(event.path("userAgent").asText()).isEqualTo("audit-test/1.0");
        assertThat(event.path("sourceIPs").toString()).isEqualTo("[\"203.0.113.9\",\"127.0.0.1\"]");
        assertThat(event.path("user").toString())
                .isEqualTo("{\"username\":\"system:anonymous\",\"groups\":[\"system:unauthenticated\"]}");
        assertThat(event.path("objectRef").toString())
                .isEqualTo("{\"resource\":\"configmaps\",\"namespace\":\"audited\",\"name\":\"app\","
                        + "\"apiVersion\":\"v1\"}");
        assertThat(event.path("responseStatus").toString()).isEqualTo("{\"metadata\":{},\"code\":201}");
        assertThat(event.at("/requestObject/data/color").asText()).isEqualTo("blue");
        assertThat(event.at("/responseObject/metadata/uid").asText()).isNotEmpty();
        assertThat(event.at("/responseObject/metadata").has("managedFields")).isFalse();
        assertThat(event.at("/annotations/authorization.k8s.io~1decision").asText())
                .as("the authorization filter's decision, as kube-apiserver annotates it")
                .isEqualTo("allow");
        Instant received = Instant.parse(event.path("requestReceivedTimestamp").asText());
        Instant completed = Instant.parse(event.path("stageTimestamp").asText());
        assertThat(completed).isAfterOrEqualTo(received);
        assertThat(event.path("requestReceivedTimestamp").asText()).matches(".*\\.\\d{6}Z");
    }

    @Test
    void secretsAtMetadataLogNoBodiesAndFailuresCarryTheirStatus() throws Exception {
        String secret = """
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"db"},"data":{"password":"c2VjcmV0"}}""";
        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/api/v1/namespaces/audited/secrets"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(secret)));
        JsonNode event = eventsOf(created.headers().firstValue("Audit-Id").orElseThrow(), 1)
                .get(0);
        assertThat(event.path("level").asText()).isEqualTo("Metadata");
        assertThat(event.has("requestObject")).isFalse();
        assertThat(event.has("responseObject")).isFalse();
        assertThat(event.toString()).doesNotContain("c2VjcmV0");

        HttpResponse<String> missing = send(HttpRequest.newBuilder(uri("/api/v1/namespaces/audited/secrets/nope"))
                .header("Audit-ID", "my-own-audit-id")
                .GET());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Audit-Id")).contains("my-own-audit-id");
        JsonNode notFound = eventsOf("my-own-audit-id", 1).get(0);
        assertThat(notFound.path("verb").asText()).isEqualTo("get");
        assertThat(notFound.at("/objectRef/name").asText()).isEqualTo("nope");
        assertThat(notFound.at("/responseStatus/code").asInt()).isEqualTo(404);
        assertThat(notFound.at("/responseStatus/status").asText()).isEqualTo("Failure");
        assertThat(notFound.at("/responseStatus/reason").asText()).isEqualTo("NotFound");
        assertThat(notFound.at("/responseStatus/message").asText()).isEqualTo("secrets \"nope\" not found");
    }

    @Test
    void aWatchLogsItsStagesAndRequestsNoRuleMatchesAreNotLogged() throws Exception {
        BlockingQueue<JsonNode> watch = http.watch("/api/v1/namespaces/audited/pods?watch=true&timeoutSeconds=1");
        JsonNode end = watch.poll(20, TimeUnit.SECONDS);
        while (end != null && !end.isNull()) {
            end = watch.poll(20, TimeUnit.SECONDS);
        }
        // RequestReceived is omitted by the policy: a rule's omitStages add to the policy's.
        List<JsonNode> stages = awaitEvents(e -> e.path("verb").asText().equals("watch"), 2);
        assertThat(stages)
                .extracting(e -> e.path("stage").asText())
                .containsExactly("ResponseStarted", "ResponseComplete");
        assertThat(stages)
                .extracting(e -> e.path("auditID").asText())
                .containsOnly(stages.get(0).path("auditID").asText());
        assertThat(stages.get(0).path("level").asText()).isEqualTo("Request");

        HttpResponse<String> healthz =
                send(HttpRequest.newBuilder(uri("/healthz")).GET());
        HttpResponse<String> version =
                send(HttpRequest.newBuilder(uri("/version")).GET());
        HttpResponse<String> nodes =
                send(HttpRequest.newBuilder(uri("/api/v1/nodes")).GET());
        JsonNode versionEvent = eventsOf(
                        version.headers().firstValue("Audit-Id").orElseThrow(), 1)
                .get(0);
        assertThat(versionEvent.has("objectRef")).isFalse();
        assertThat(versionEvent.path("verb").asText()).isEqualTo("get");
        assertThat(healthz.headers().firstValue("Audit-Id")).isPresent();
        String all = Files.readString(log);
        assertThat(all).doesNotContain(healthz.headers().firstValue("Audit-Id").orElseThrow());
        assertThat(all).doesNotContain(nodes.headers().firstValue("Audit-Id").orElseThrow());
        assertThat(all).doesNotContain("\"stage\":\"RequestReceived\",\"requestURI\":\"/version\"");

        MeterRegistry meters = server.bean(MeterRegistry.class);
        assertThat(meters.counter("apiserver_audit_event_total").count()).isGreaterThan(0);
        assertThat(meters.counter("apiserver_audit_error_total", "plugin", "log")
                        .count())
                .isZero();
    }

    @Test
    void kubectlRequestsAreLoggedWithTheirObjectsWhateverTheEncoding() throws IOException {
        Kubectl kubectl = Kubectl.against(server.baseUrl(), Files.createDirectories(dir.resolve("kubectl")));
        Kubectl.Result created =
                kubectl.run("create", "configmap", "from-kubectl", "-n", "audited", "--from-literal=shade=teal");
        assertThat(created.exitCode()).as(created.stderr()).isZero();

        JsonNode event = awaitEvents(
                        e -> e.path("verb").asText().equals("create")
                                && e.at("/objectRef/name").asText().equals("from-kubectl"),
                        1)
                .get(0);
        assertThat(event.path("userAgent").asText()).startsWith("kubectl");
        assertThat(event.at("/requestObject/data/shade").asText()).isEqualTo("teal");
        assertThat(event.at("/responseObject/data/shade").asText()).isEqualTo("teal");
    }

    private static List<JsonNode> eventsOf(String auditId, int count) {
        return awaitEvents(e -> e.path("auditID").asText().equals(auditId), count);
    }

    /** The log's events that match, once there are {@code count} of them (the log is written async). */
    private static List<JsonNode> awaitEvents(Predicate<JsonNode> filter, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<JsonNode> found = List.of();
        while (System.nanoTime() < deadline) {
            found = readLog().stream().filter(filter).toList();
            if (found.size() >= count) {
                return found;
            }
            sleep();
        }
        throw new AssertionError("expected " + count + " audit events, found " + found);
    }

    private static List<JsonNode> readLog() {
        List<JsonNode> events = new ArrayList<>();
        try {
            if (!Files.exists(log)) {
                return events;
            }
            for (String line : Files.readAllLines(log)) {
                if (!line.isBlank()) {
                    events.add(KubeJson.mapper().readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create(server.baseUrl() + path);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
