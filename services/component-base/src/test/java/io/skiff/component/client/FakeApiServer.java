package io.skiff.component.client;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A scripted HTTP server on 127.0.0.1 standing in for an API server where a test needs replies the
 * real one does not give on demand (429 with Retry-After, 5xx, a connection dropped mid-request). Replies queued with {@link #then}
 * go out one per request; after them every request gets the fallback.
 */
final class FakeApiServer implements AutoCloseable {

    record Reply(int code, Map<String, String> headers, String body) {

        static Reply json(int code, String body) {
            return new Reply(code, Map.of("Content-Type", "application/json"), body);
        }

        /** No answer: the server closes the connection once it has read the request, as a crash would. */
        static Reply dropConnection() {
            return new Reply(DROP_CONNECTION, Map.of(), "");
        }

        Reply withHeader(String name, String value) {
            Map<String, String> all = new HashMap<>(headers);
            all.put(name, value);
            return new Reply(code, Map.copyOf(all), body);
        }
    }

    private static final int DROP_CONNECTION = -1;

    static final String CONFIG_MAP =
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"namespace\":\"ns\","
                    + "\"resourceVersion\":\"7\"},\"data\":{\"k\":\"v\"}}";

    static Reply status(int code, String reason) {
        return Reply.json(
                code,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + code + ",\"reason\":\""
                        + reason + "\",\"message\":\"scripted " + reason + "\"}");
    }

    private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final DisposableServer server;
    private volatile Reply fallback;

    FakeApiServer(Reply fallback) {
        this.fallback = fallback;
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> request.receive()
                        .aggregate()
                        .asString()
                        .defaultIfEmpty("")
                        .flatMap(body -> {
                            requests.add(request.method().name() + " " + request.uri());
                            authorizations.add(request.requestHeaders().get("Authorization", "none"));
                            Reply reply = script.poll();
                            Reply answer = reply != null ? reply : this.fallback;
                            if (answer.code() == DROP_CONNECTION) {
                                response.withConnection(
                                        connection -> connection.channel().close());
                                return Mono.never();
                            }
                            response.status(answer.code());
                            answer.headers().forEach(response::header);
                            return response.sendString(Mono.just(answer.body())).then();
                        }))
                .bindNow();
    }

    /** Queues replies for the next requests. */
    FakeApiServer then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    void fallback(Reply reply) {
        this.fallback = reply;
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    String authority() {
        return "127.0.0.1:" + server.port();
    }

    /** "METHOD /path?query" of every request so far. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** The Authorization header of every request so far, "none" where there was none. */
    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
