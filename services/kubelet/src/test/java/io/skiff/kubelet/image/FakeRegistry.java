package io.skiff.kubelet.image;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OCI distribution registry in the test's JVM, on 127.0.0.1, for what a real registry will not
 * do on demand: serve corrupt content, ask for bearer tokens from its own token endpoint.
 */
final class FakeRegistry implements AutoCloseable {

    enum Auth {
        NONE,
        /** Bearer tokens from {@code /token}; anonymous tokens unless credentials are required. */
        BEARER,
        BASIC
    }

    private static final Pattern MANIFEST = Pattern.compile("^/v2/(.+)/manifests/([^/]+)$");
    private static final Pattern BLOB = Pattern.compile("^/v2/(.+)/blobs/([^/]+)$");
    private static final String TOKEN = "token-for-the-test";

    private final HttpServer server;
    private final Auth auth;
    private final String username;
    private final String password;
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, Stored> manifests = new ConcurrentHashMap<>();
    private final Map<String, byte[]> corrupt = new ConcurrentHashMap<>();
    private final Set<String> stalled = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    private record Stored(String mediaType, byte[] content) {}

    /** @param username null: anonymous bearer tokens are handed out */
    FakeRegistry(Auth auth, String username, String password) throws IOException {
        this.auth = auth;
        this.username = username;
        this.password = password;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    String pushBlob(byte[] content) {
        String digest = Digest.sha256(content).toString();
        blobs.put(digest, content);
        return digest;
    }

    /** Stores a manifest under its digest and, when given, a tag; returns its digest. */
    String pushManifest(String repository, String tag, String mediaType, byte[] content) {
        String digest = Digest.sha256(content).toString();
        manifests.put(repository + "@" + digest, new Stored(mediaType, content));
        if (tag != null) {
            manifests.put(repository + ":" + tag, new Stored(mediaType, content));
        }
        return digest;
    }

    /** Sends half of the blob {@code digest}, then nothing more until closed. */
    void stall(String digest) {
        stalled.add(digest);
    }

    /** Serves {@code content} for the blob {@code digest} from now on. */
    void corrupt(String digest, byte[] content) {
        corrupt.put(digest, content);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            if (path.equals("/token")) {
                token(exchange);
                return;
            }
            if (!authorized(exchange)) {
                return;
            }
            Matcher manifest = MANIFEST.matcher(path);
            Matcher blob = BLOB.matcher(path);
            if (manifest.matches()) {
                String reference = manifest.group(2);
                String key = manifest.group(1) + (reference.startsWith("sha256:") ? "@" : ":") + reference;
                Stored stored = manifests.get(key);
                if (stored == null) {
                    error(exchange, 404, "MANIFEST_UNKNOWN", "manifest unknown");
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", stored.mediaType());
                exchange.getResponseHeaders()
                        .set(
                                "Docker-Content-Digest",
                                Digest.sha256(stored.content()).toString());
                send(exchange, stored.content());
            } else if (blob.matches()) {
                byte[] content = corrupt.getOrDefault(blob.group(2), blobs.get(blob.group(2)));
                if (content == null) {
                    error(exchange, 404, "BLOB_UNKNOWN", "blob unknown to registry");
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                if (stalled.contains(blob.group(2))
                        && exchange.getRequestMethod().equals("GET")) {
                    exchange.sendResponseHeaders(200, content.length);
                    exchange.getResponseBody().write(content, 0, content.length / 2);
                    exchange.getResponseBody().flush();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return;
                }
                send(exchange, content);
            } else {
                send(exchange, "{}".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private boolean authorized(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        switch (auth) {
            case NONE -> {
                return true;
            }
            case BEARER -> {
                if (("Bearer " + TOKEN).equals(authorization)) {
                    return true;
                }
                String repository = repository(exchange.getRequestURI().getPath());
                exchange.getResponseHeaders()
                        .set(
                                "WWW-Authenticate",
                                "Bearer realm=\"http://" + host()
                                        + "/token\",service=\"fake-registry\",scope=\"repository:" + repository
                                        + ":pull\"");
                error(exchange, 401, "UNAUTHORIZED", "authentication required");
                return false;
            }
            default -> {
                if (basic().equals(authorization)) {
                    return true;
                }
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"fake-registry\"");
                error(exchange, 401, "UNAUTHORIZED", "authentication required");
                return false;
            }
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        tokenRequests.add(exchange.getRequestURI().getRawQuery() + (authorization == null ? "" : " " + authorization));
        if (username != null && !basic().equals(authorization)) {
            error(exchange, 401, "UNAUTHORIZED", "bad credentials");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, ("{\"token\":\"" + TOKEN + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8));
    }

    private String basic() {
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String repository(String path) {
        Matcher manifest = MANIFEST.matcher(path);
        if (manifest.matches()) {
            return manifest.group(1);
        }
        Matcher blob = BLOB.matcher(path);
        return blob.matches() ? blob.group(1) : "";
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] body = ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, body);
    }

    private static void send(HttpExchange exchange, byte[] body) throws IOException {
        send(exchange, 200, body);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
