package io.skiff.kubelet.server;

import io.skiff.kubelet.cri.ContainerRuntimeException;
import io.skiff.kubelet.cri.ExecProcess;
import io.skiff.kubelet.cri.RuntimeService;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One exec over one WebSocket connection, as the kubelet's remote command server runs it: the
 * command starts once the connection is upgraded; the client's stdin messages are written to it
 * (v5's close signal ends its input); its stdout and stderr go out as they are read; when it has
 * exited and its output is drained, its Status goes on the error channel and the connection is
 * closed normally. A command that cannot be run, or an exec refused, ends the same way with an
 * InternalError. The client going away kills the command.
 *
 * <p>Resize messages are read and dropped: the runtimes' terminals cannot be resized.
 */
final class ExecSession implements WebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(ExecSession.class);

    /**
     * How long output may stay silent after the command exited before the exec ends anyway: a
     * background child that inherited the command's stdout would otherwise hold it open.
     */
    static final Duration OUTPUT_DRAIN = Duration.ofSeconds(1);

    private static final Duration DRAIN_CHECK = Duration.ofMillis(50);

    private final RuntimeService runtime;
    private final String containerId;
    private final ExecOptions options;
    private final String name;
    private final String refusal;

    private ExecSession(RuntimeService runtime, String containerId, ExecOptions options, String name, String refusal) {
        this.runtime = runtime;
        this.containerId = containerId;
        this.options = options;
        this.name = name;
        this.refusal = refusal;
    }

    /**
     * An exec of {@code options} in the container.
     *
     * @param name who the exec is for ("namespace-pod-container"), in thread names and logs
     */
    static ExecSession of(RuntimeService runtime, String containerId, ExecOptions options, String name) {
        return new ExecSession(runtime, containerId, options, name, null);
    }

    /** A session that only reports why the exec cannot go ahead. */
    static ExecSession refusing(String why) {
        return new ExecSession(null, null, null, null, why);
    }

    @Override
    public List<String> getSubProtocols() {
        return ExecFrames.PROTOCOLS;
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        if (refusal != null) {
            return finish(session, Flux.just(statusFrame(ExecStatus.refused(refusal))));
        }
        String protocol = session.getHandshakeInfo().getSubProtocol();
        return Mono.fromCallable(() -> runtime.exec(containerId, options.command(), options.tty()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(process -> attach(session, protocol, process))
                .onErrorResume(
                        ContainerRuntimeException.class,
                        e -> finish(session, Flux.just(statusFrame(ExecStatus.failedToRun(e.getMessage())))));
    }

    private Mono<Void> attach(WebSocketSession session, String protocol, ExecProcess process) {
        if (!options.stdin()) {
            closeQuietly(process.stdin());
        }
        StreamReader stdout = new StreamReader(process.stdout(), "exec-stdout-" + name);
        StreamReader stderr = new StreamReader(process.stderr(), "exec-stderr-" + name);
        // Shared by the drain and the status: neither giving up on it may cancel the exit itself.
        Mono<Integer> exit = Mono.fromFuture(process.exitCode(), true);
        Mono<Long> drained = exit.onErrorResume(e -> Mono.empty())
                .then(Flux.interval(DRAIN_CHECK)
                        .filter(tick -> stdout.quietFor(OUTPUT_DRAIN) && stderr.quietFor(OUTPUT_DRAIN))
                        .next());
        Flux<byte[]> output = Flux.merge(
                        stdout.chunks()
                                .filter(chunk -> options.stdout())
                                .map(chunk -> ExecFrames.encode(ExecFrames.STDOUT, chunk, chunk.length)),
                        stderr.chunks()
                                .filter(chunk -> options.stderr())
                                .map(chunk -> ExecFrames.encode(ExecFrames.STDERR, chunk, chunk.length)))
                .takeUntilOther(drained);
        Mono<byte[]> status = exit.map(code -> ExecStatus.exited(code, options.command()))
                .onErrorResume(e -> Mono.just(ExecStatus.failedToRun(unwrap(e).getMessage())));

        Scheduler stdinWriter = Schedulers.newSingle("exec-stdin-" + name, true);
        Mono<Void> inbound = session.receive()
                .map(message -> ExecFrames.decode(bytes(message), protocol))
                .concatMap(frame ->
                        Mono.fromRunnable(() -> deliver(frame, process)).subscribeOn(stdinWriter))
                .then()
                // The client is gone (or acknowledged the close): nothing may go on running for it.
                .doFinally(signal -> process.close());
        return finish(session, output.concatWith(status.map(ExecSession::statusFrame)))
                .and(inbound)
                .onErrorResume(e -> {
                    log.debug("exec {} ended abruptly: {}", name, e.toString());
                    return Mono.empty();
                })
                .doFinally(signal -> {
                    process.close();
                    stdinWriter.dispose();
                });
    }

    /** Sends the frames, then closes the connection normally (the client reads the error channel to its end). */
    private static Mono<Void> finish(WebSocketSession session, Flux<byte[]> frames) {
        return session.send(frames.map(frame -> session.binaryMessage(factory -> factory.wrap(frame))))
                .then(session.close(CloseStatus.NORMAL));
    }

    private static byte[] statusFrame(byte[] status) {
        return ExecFrames.encode(ExecFrames.ERROR, status, status.length);
    }

    private void deliver(ExecFrames.Inbound frame, ExecProcess process) {
        if (frame instanceof ExecFrames.Input input) {
            if (!options.stdin()) {
                return;
            }
            try {
                OutputStream stdin = process.stdin();
                stdin.write(input.data());
                stdin.flush();
            } catch (IOException e) {
                // The command closed its input or exited: what it did not read is dropped, as by a pipe.
                log.debug("exec {}: stdin not written: {}", name, e.toString());
            }
        } else if (frame instanceof ExecFrames.Closed closed && closed.channel() == ExecFrames.STDIN) {
            closeQuietly(process.stdin());
        } else if (frame instanceof ExecFrames.Ignored ignored) {
            log.debug("exec {}: dropped {}", name, ignored.what());
        }
    }

    private static byte[] bytes(WebSocketMessage message) {
        byte[] bytes = new byte[message.getPayload().readableByteCount()];
        message.getPayload().read(bytes);
        return bytes;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
