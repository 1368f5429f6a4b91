package io.skiff.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;

/** The few Kubernetes REST calls the benchmarks make, against one Skiff API server. */
public final class SkiffApi {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final URI server;

    public SkiffApi(HttpClient client, URI server) {
        this.client = client;
        this.server = server;
    }

    /** A fresh namespace name per run, so runs against one long-lived server never collide. */
    public static String uniqueNamespace(String prefix) {
        return prefix + "-" + Long.toString(System.currentTimeMillis(), 36);
    }

    public HttpClient client() {
        return client;
    }

    /** Creates a namespace and returns its resourceVersion, from which a watch sees every later write in it. */
    public String createNamespace(String name) throws IOException, InterruptedException {
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}";
        HttpRequest request = post("/api/v1/namespaces", body.getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 201) {
            throw new IOException("creating namespace " + name + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return resourceVersionOf(response.body());
    }

    /**
     * Waits, at most {@code timeout}, until no namespace whose name starts with {@code prefix} is
     * left (an earlier run's namespace still terminating loads the server); true if none is.
     */
    public boolean awaitNamespacesGone(String prefix, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            HttpResponse<byte[]> response =
                    client.send(request("/api/v1/namespaces").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            boolean left = false;
            for (com.fasterxml.jackson.databind.JsonNode item : io.skiff.model.json.KubeJson.mapper()
                    .readTree(response.body())
                    .path("items")) {
                left |= item.at("/metadata/name").asText().startsWith(prefix);
            }
            if (!left) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1000);
        }
    }

    /** Creates a ConfigMap and waits for the answer. */
    public void createConfigMapNow(String namespace, byte[] body) throws IOException, InterruptedException {
        HttpResponse<String> response =
                client.send(createConfigMap(namespace, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IOException("creating a ConfigMap answered " + response.statusCode() + ": " + response.body());
        }
    }

    public HttpRequest createConfigMap(String namespace, byte[] body) {
        return post("/api/v1/namespaces/" + namespace + "/configmaps", body);
    }

    public HttpRequest createService(String namespace, byte[] body) {
        return post("/api/v1/namespaces/" + namespace + "/services", body);
    }

    public HttpRequest createEndpointSlice(String namespace, byte[] body) {
        return post("/apis/discovery.k8s.io/v1/namespaces/" + namespace + "/endpointslices", body);
    }

    /** Sends a create request and fails unless the object was created. */
    public void createNow(HttpRequest create, String what) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(create, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IOException("creating " + what + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    public HttpRequest createNode(byte[] body) {
        return post("/api/v1/nodes", body);
    }

    public HttpRequest createDeployment(String namespace, byte[] body) {
        return post("/apis/apps/v1/namespaces/" + namespace + "/deployments", body);
    }

    /** A strategic merge patch to a Deployment (as `kubectl set image` sends one). */
    public HttpRequest patchDeployment(String namespace, String name, byte[] patch) {
        return request("/apis/apps/v1/namespaces/" + namespace + "/deployments/" + name)
                .setHeader("Content-Type", "application/strategic-merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(patch))
                .build();
    }

    public HttpRequest createPod(String namespace, byte[] body) {
        return post("/api/v1/namespaces/" + namespace + "/pods", body);
    }

    public HttpRequest getPod(String namespace, String name) {
        return request("/api/v1/namespaces/" + namespace + "/pods/" + name)
                .GET()
                .build();
    }

    public HttpRequest deletePod(String namespace, String name) {
        return request("/api/v1/namespaces/" + namespace + "/pods/" + name)
                .DELETE()
                .build();
    }

    /**
     * Opens a watch on the pods of one namespace from {@code fromResourceVersion} and returns its
     * event lines; no timeout, the caller closes the stream.
     */
    public Stream<String> watchPods(String namespace, String fromResourceVersion)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.resolve(
                        "/api/v1/namespaces/" + namespace + "/pods?watch=true&resourceVersion=" + fromResourceVersion))
                .GET()
                .build();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IOException("watching pods answered " + response.statusCode());
        }
        return response.body();
    }

    /** Deletes a namespace and what is in it. */
    public void deleteNamespace(String namespace) throws IOException, InterruptedException {
        send(request("/api/v1/namespaces/" + namespace).DELETE().build(), "deleting namespace " + namespace);
    }

    /** Deletes what a benchmark made: its namespace and the cluster-scoped objects it labelled. */
    public void deleteAll(String namespace, String clusterScopedPath, String labelSelector)
            throws IOException, InterruptedException {
        deleteNamespace(namespace);
        deleteLabelled(clusterScopedPath, labelSelector);
    }

    /** Deletes the collection at {@code path} (a list URL) whose objects carry the label. */
    public void deleteLabelled(String path, String labelSelector) throws IOException, InterruptedException {
        send(
                request(path + "?labelSelector=" + labelSelector.replace("=", "%3D"))
                        .DELETE()
                        .build(),
                "deleting " + path + " labelled " + labelSelector);
    }

    private void send(HttpRequest request, String what) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(what + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    public HttpRequest replaceConfigMap(String namespace, String name, byte[] body) {
        return request("/api/v1/namespaces/" + namespace + "/configmaps/" + name)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    /** A watch on the ConfigMaps of one namespace; no timeout, the caller closes it. */
    public HttpRequest watchConfigMaps(String namespace, String fromResourceVersion) {
        return HttpRequest.newBuilder(server.resolve("/api/v1/namespaces/" + namespace
                        + "/configmaps?watch=true&resourceVersion=" + fromResourceVersion))
                .GET()
                .build();
    }

    public static String resourceVersionOf(byte[] object) throws IOException {
        JsonNode version = KubeJson.mapper().readTree(object).path("metadata").path("resourceVersion");
        if (!version.isTextual()) {
            throw new IOException("response has no metadata.resourceVersion");
        }
        return version.asText();
    }

    private HttpRequest post(String path, byte[] body) {
        return request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(server.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
    }
}
