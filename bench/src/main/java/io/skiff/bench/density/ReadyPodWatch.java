package io.skiff.bench.density;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Watches a namespace's pods and counts those seen Running with Ready=True (each pod once). */
public final class ReadyPodWatch implements AutoCloseable {

    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    private final Thread reader;
    private volatile Stream<String> lines;
    private volatile long lastReadyNanos;

    public ReadyPodWatch(HttpClient client, URI server, String namespace, String fromResourceVersion)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.resolve(
                        "/api/v1/namespaces/" + namespace + "/pods?watch=true&resourceVersion=" + fromResourceVersion))
                .GET()
                .build();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IOException("watching pods answered " + response.statusCode());
        }
        lines = response.body();
        reader = new Thread(this::read, "ready-pod-watch");
        reader.setDaemon(true);
        reader.start();
    }

    public int ready() {
        return ready.size();
    }

    /** When the last pod turned ready (System.nanoTime), 0 before any. */
    public long lastReadyNanos() {
        return lastReadyNanos;
    }

    private void read() {
        try {
            lines.forEach(this::onEvent);
        } catch (UncheckedIOException closed) {
            // close() ends the watch by closing the stream under the reader.
        }
    }

    private void onEvent(String line) {
        JsonNode object;
        try {
            object = KubeJson.mapper().readTree(line).path("object");
        } catch (IOException e) {
            return;
        }
        if (!"Running".equals(object.at("/status/phase").asText())) {
            return;
        }
        for (JsonNode condition : object.at("/status/conditions")) {
            if ("Ready".equals(condition.path("type").asText())
                    && "True".equals(condition.path("status").asText())
                    && ready.add(object.at("/metadata/uid").asText())) {
                lastReadyNanos = System.nanoTime();
            }
        }
    }

    @Override
    public void close() {
        Stream<String> open = lines;
        if (open != null) {
            open.close();
        }
        reader.interrupt();
    }
}
