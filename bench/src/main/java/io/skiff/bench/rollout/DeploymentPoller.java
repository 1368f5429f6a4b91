package io.skiff.bench.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** Reads a Deployment every few milliseconds until its status says what the benchmark waits for. */
public final class DeploymentPoller {

    private static final Duration POLL = Duration.ofMillis(100);

    private final HttpClient client;
    private final URI deployment;

    public DeploymentPoller(HttpClient client, URI server, String namespace, String name) {
        this.client = client;
        this.deployment = server.resolve("/apis/apps/v1/namespaces/" + namespace + "/deployments/" + name);
    }

    public JsonNode read() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(
                HttpRequest.newBuilder(deployment)
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("reading the Deployment answered " + response.statusCode());
        }
        return KubeJson.mapper().readTree(response.body());
    }

    /**
     * Waits until {@code done} holds for the Deployment, at most {@code timeout}.
     *
     * @return the nanoTime at which it was first seen to hold, or -1 on timeout
     */
    public long awaitStatus(Predicate<JsonNode> done, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.test(read())) {
                return System.nanoTime();
            }
            Thread.sleep(POLL.toMillis());
        }
        return -1;
    }

    /** Every replica updated to the newest template and available, as `kubectl rollout status` decides. */
    public static boolean rolledOut(JsonNode deployment, int replicas) {
        JsonNode status = deployment.path("status");
        return status.path("observedGeneration").asLong()
                        >= deployment.at("/metadata/generation").asLong()
                && status.path("updatedReplicas").asInt() == replicas
                && status.path("replicas").asInt() == replicas
                && status.path("availableReplicas").asInt() == replicas;
    }
}
