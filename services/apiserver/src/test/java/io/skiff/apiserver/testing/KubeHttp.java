package io.skiff.apiserver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.pki.CertificateFiles;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/** An HTTP(S) client for the Kubernetes API, as a test talks to it: status code plus JSON. */
public final class KubeHttp {

    private static final Executor WATCH_READERS = runnable -> {
        Thread reader = new Thread(runnable, "test-watch-reader");
        reader.setDaemon(true);
        reader.start();
    };

    private final String baseUrl;
    private final String authorization;
    private final HttpClient client;

    public KubeHttp(String baseUrl) {
        this(
                baseUrl,
                null,
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build());
    }

    private KubeHttp(String baseUrl, String authorization, HttpClient client) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
        this.client = client;
    }

    /** A client of an HTTPS server that trusts {@code authority} and presents {@code client}'s certificate. */
    public static KubeHttp overTls(String baseUrl, Path authority, CertificateFiles client) {
        return new KubeHttp(
                baseUrl,
                null,
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .sslContext(TlsClientContext.of(authority, client))
                        .build());
    }

    /** The same server, every request with {@code Authorization: Bearer <token>}. */
    public KubeHttp withBearerToken(String token) {
        return new KubeHttp(baseUrl, "Bearer " + token, client);
    }

    public record Reply(int code, JsonNode body) {
        public String text(String pointer) {
            return body.at(pointer).asText();
        }
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), null);
    }

    public Reply post(String path, String json) {
        return send(
                HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(json)), "application/json");
    }

    public Reply post(String path, String body, String contentType) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)), contentType);
    }

    public Reply put(String path, String json) {
        return send(
                HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(json)), "application/json");
    }

    public Reply patch(String path, String body, String contentType) {
        return send(
                HttpRequest.newBuilder(uri(path)).method("PATCH", HttpRequest.BodyPublishers.ofString(body)),
                contentType);
    }

    public Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), null);
    }

    public Reply delete(String path, String json) {
        return send(
                HttpRequest.newBuilder(uri(path)).method("DELETE", HttpRequest.BodyPublishers.ofString(json)),
                "application/json");
    }

    public Reply createNamespace(String name) {
        return post(
                "/api/v1/namespaces",
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}");
    }

    /**
     * Opens a native watch; each event line lands in the returned queue as JSON, until the stream
     * ends (then a JSON null) or the test stops reading.
     */
    public BlockingQueue<JsonNode> watch(String pathAndQuery) {
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        HttpRequest request = HttpRequest.newBuilder(uri(pathAndQuery)).GET().build();
        // Always on a thread of its own: the response may already be there when thenAccept is
        // called, and then a plain thenAccept would read the endless stream on the caller's thread.
        client.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenAcceptAsync(
                        response -> {
                            response.body().forEach(line -> {
                                if (!line.isBlank()) {
                                    events.add(parse(line));
                                }
                            });
                            events.add(KubeJson.mapper().nullNode());
                        },
                        WATCH_READERS);
        return events;
    }

    private Reply send(HttpRequest.Builder builder, String contentType) {
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        builder.header("Accept", "application/json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response =
                    client.send(builder.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json = body.isEmpty() ? KubeJson.mapper().nullNode() : parseOrText(body);
            return new Reply(response.statusCode(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static JsonNode parseOrText(String body) {
        try {
            return KubeJson.mapper().readTree(body);
        } catch (IOException e) {
            return KubeJson.mapper().getNodeFactory().textNode(body);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return KubeJson.mapper().readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode configMap(String name, String key, String value) {
        ObjectNode cm = KubeJson.mapper().createObjectNode();
        cm.put("apiVersion", "v1").put("kind", "ConfigMap");
        cm.putObject("metadata").put("name", name);
        cm.putObject("data").put(key, value);
        return cm;
    }
}
