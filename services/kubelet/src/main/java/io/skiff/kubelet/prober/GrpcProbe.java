package io.skiff.kubelet.prober;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A grpc probe: one call of grpc.health.v1.Health/Check over HTTP/2 without TLS (h2c, prior
 * knowledge) on a new connection, as Kubernetes' gRPC prober makes it with grpc-go. SERVING is
 * success ({@code service healthy}); any other answer or error is a failure whose output is
 * Kubernetes' message. Like grpc-go dialing with WithBlock, a connection that cannot be made is
 * retried until the timeout, which is then the failure ({@code timeout: failed to connect service
 * "10.1.2.3:9090" within 1s: context deadline exceeded}).
 */
final class GrpcProbe {

    /** grpc-go's first reconnect back-off; it grows by 1.6 each attempt. */
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    ActionResult run(String host, int port, String service, Duration timeout) {
        String address = GoText.joinHostPort(host, port);
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration backOff = FIRST_RETRY;
        while (true) {
            Reply reply;
            try {
                reply = call(address, service, deadline);
            } catch (NotConnected e) {
                long left = deadline - System.nanoTime();
                if (left <= backOff.toNanos()) {
                    sleepNanos(left);
                    return ActionResult.failure("timeout: failed to connect service " + GoText.quote(address)
                            + " within " + GoText.duration(timeout) + ": context deadline exceeded");
                }
                sleepNanos(backOff.toNanos());
                backOff = Duration.ofMillis((long) (backOff.toMillis() * 1.6));
                continue;
            } catch (RpcTimedOut e) {
                return ActionResult.failure("timeout: health rpc did not complete within " + GoText.duration(timeout));
            } catch (RpcBroken e) {
                return ActionResult.failure(
                        "error: health rpc probe failed: rpc error: code = Unavailable desc = " + e.getMessage());
            }
            return verdict(reply);
        }
    }

    private static ActionResult verdict(Reply reply) {
        int code;
        String message;
        String grpcStatus = reply.status();
        if (reply.httpStatus() != 200 && grpcStatus == null) {
            code = HealthProtocol.codeForHttpStatus(reply.httpStatus());
            message = "unexpected HTTP status code received from server: " + reply.httpStatus() + " ("
                    + io.netty.handler.codec.http.HttpResponseStatus.valueOf(reply.httpStatus())
                            .reasonPhrase()
                    + ")";
        } else if (grpcStatus == null) {
            code = HealthProtocol.INTERNAL;
            message = "server closed the stream without sending trailers";
        } else {
            code = parseCode(grpcStatus);
            message = HealthProtocol.decodeMessage(reply.message());
        }
        Optional<Integer> status = Optional.empty();
        if (code == 0) {
            try {
                status = HealthProtocol.status(reply.body());
                if (status.isEmpty()) {
                    code = HealthProtocol.INTERNAL;
                    message = "cardinality violation: received no response message from non-server-streaming RPC";
                }
            } catch (HealthProtocol.MalformedMessage e) {
                code = HealthProtocol.INTERNAL;
                message = e.getMessage();
            }
        }
        if (code == HealthProtocol.UNIMPLEMENTED) {
            return ActionResult.failure(
                    "error: this server does not implement the grpc health protocol (grpc.health.v1.Health): "
                            + message);
        }
        if (code != 0) {
            return ActionResult.failure("error: health rpc probe failed: rpc error: code = "
                    + HealthProtocol.codeName(code) + " desc = " + message);
        }
        int serving = status.orElseThrow();
        if (serving != HealthProtocol.SERVING) {
            return ActionResult.failure(
                    "service unhealthy (responded with " + GoText.quote(HealthProtocol.statusName(serving)) + ")");
        }
        return ActionResult.success("service healthy");
    }

    private static int parseCode(String status) {
        try {
            return Integer.parseInt(status.trim());
        } catch (NumberFormatException e) {
            return HealthProtocol.UNKNOWN;
        }
    }

    /** One call on a new connection, closed afterwards. */
    private Reply call(String address, String service, long deadline) throws NotConnected, RpcTimedOut, RpcBroken {
        Duration remaining = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
        AtomicBoolean sent = new AtomicBoolean();
        ConnectionProvider connection =
                ConnectionProvider.builder("grpc-probe").maxConnections(1).build();
        try {
            return HttpClient.create(connection)
                    .protocol(HttpProtocol.H2C)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, remaining.toMillis()))
                    .headers(h -> h.set("content-type", "application/grpc")
                            .set("te", "trailers")
                            .set("user-agent", Prober.USER_AGENT)
                            .set("grpc-timeout", Math.max(1, remaining.toMillis()) + "m"))
                    .doOnRequest((request, conn) -> sent.set(true))
                    .post()
                    .uri("http://" + address + HealthProtocol.PATH)
                    .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(HealthProtocol.request(service))))
                    .response((response, body) -> body.aggregate()
                            .asByteArray()
                            .defaultIfEmpty(new byte[0])
                            .flatMap(bytes -> response.trailerHeaders()
                                    .defaultIfEmpty(EmptyHttpHeaders.INSTANCE)
                                    .map(trailers -> Reply.of(
                                            response.status().code(), response.responseHeaders(), trailers, bytes))))
                    .single()
                    .timeout(remaining)
                    .block();
        } catch (RuntimeException e) {
            Throwable cause = Exceptions.unwrap(e);
            if (sent.get()) {
                if (cause instanceof TimeoutException) {
                    throw new RpcTimedOut();
                }
                // the call went out on a connection that then broke
                throw new RpcBroken(String.valueOf(cause.getMessage()));
            }
            // Not connected (refused, no HTTP/2, reset before an answer): grpc-go keeps trying until the deadline.
            throw new NotConnected();
        } finally {
            connection.dispose();
        }
    }

    private static void sleepNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param status grpc-status from the trailers, or from the headers of a trailers-only response
     */
    private record Reply(int httpStatus, String status, String message, byte[] body) {

        static Reply of(int httpStatus, HttpHeaders headers, HttpHeaders trailers, byte[] body) {
            String status = trailers.get("grpc-status");
            String message = trailers.get("grpc-message");
            if (status == null) {
                status = headers.get("grpc-status");
                message = headers.get("grpc-message");
            }
            return new Reply(httpStatus, status, message, body);
        }
    }

    private static final class NotConnected extends Exception {
        NotConnected() {
            super(null, null, false, false);
        }
    }

    private static final class RpcBroken extends Exception {
        RpcBroken(String message) {
            super(message, null, false, false);
        }
    }

    private static final class RpcTimedOut extends Exception {
        RpcTimedOut() {
            super(null, null, false, false);
        }
    }
}
