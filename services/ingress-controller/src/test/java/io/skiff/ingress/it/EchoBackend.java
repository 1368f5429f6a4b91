package io.skiff.ingress.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend "pod": a small HTTP server (bound by its creator, inside the pod network) that answers with its name, the path
 * and the request headers it got, one {@code key=value} a line. {@code /slow} answers after {@link
 * #SLOW}, for requests in flight during a reload.
 */
final class EchoBackend implements AutoCloseable {

    static final java.time.Duration SLOW = java.time.Duration.ofSeconds(3);

    private final String name;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final AtomicInteger slowInFlight = new AtomicInteger();

    EchoBackend(String name, HttpServer server) {
        this.name = name;
        this.server = server;
        server.setExecutor(threads);
        server.createContext("/", this::answer);
        server.start();
    }

    String address() {
        return server.getAddress().getAddress().getHostAddress();
    }

    /** How many {@code /slow} requests this backend is answering right now. */
    int slowInFlight() {
        return slowInFlight.get();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getPath().startsWith("/slow")) {
                slowInFlight.incrementAndGet();
                try {
                    Thread.sleep(SLOW.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    slowInFlight.decrementAndGet();
                }
            }
            exchange.getRequestBody().readAllBytes();
            StringBuilder body = new StringBuilder();
            body.append("backend=").append(name).append('\n');
            body.append("path=").append(exchange.getRequestURI()).append('\n');
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((key, values) -> headers.put(key.toLowerCase(Locale.ROOT), values));
            headers.forEach((key, values) -> body.append("header:")
                    .append(key)
                    .append('=')
                    .append(String.join(",", values))
                    .append('\n'));
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Parses an answer's body into its lines' keys and values. */
    static Map<String, String> parse(String body) {
        Map<String, String> values = new TreeMap<>();
        for (String line : body.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
