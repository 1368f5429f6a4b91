package io.skiff.kubelet.server;

import io.skiff.kubelet.cri.ContainerStatus;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /containerLogs/{namespace}/{pod}/{container}}, the kubelet API's container logs: the
 * log as text/plain, streamed and flushed as it is read; with follow, new entries are sent as the
 * runtime writes them (the file is polled) until the container no longer runs or the client goes.
 * Refusals are plain text with the kubelet's code and words.
 */
final class ContainerLogsHandler {

    /** How much of the file one read takes before it is sent. */
    private static final long READ_BUDGET = 256 * 1024;

    private final ContainerLogLocator locator;
    private final Clock clock;
    private final Duration pollInterval;

    ContainerLogsHandler(ContainerLogLocator locator, Clock clock, Duration pollInterval) {
        this.locator = locator;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    Mono<ServerResponse> handle(ServerRequest request) {
        String namespace = request.pathVariable("namespace");
        String pod = request.pathVariable("pod");
        String container = request.pathVariable("container");
        return Mono.fromCallable(() -> {
                    LogOptions options =
                            LogOptions.from(name -> request.queryParam(name).orElse(null), clock);
                    ContainerStatus status = locator.locate(namespace, pod, container, options.previous());
                    return new OpenLog(status, options, open(status.logPath(), options));
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(log ->
                        ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).body(flushingEach(stream(log))))
                .onErrorResume(
                        LogsException.class,
                        e -> ServerResponse.status(e.code())
                                .contentType(MediaType.TEXT_PLAIN)
                                .bodyValue(e.getMessage()));
    }

    private record OpenLog(ContainerStatus container, LogOptions options, CriLogReader reader) {}

    private static CriLogReader open(String logPath, LogOptions options) {
        if (logPath == null || logPath.isEmpty()) {
            throw new LogsException(400, "failed to open log file \"\": open : no such file or directory");
        }
        try {
            return CriLogReader.open(Path.of(logPath), options);
        } catch (NoSuchFileException e) {
            throw new LogsException(
                    400,
                    "failed to open log file \"" + logPath + "\": open " + logPath + ": no such file or directory");
        } catch (IOException e) {
            throw new LogsException(400, "failed to open log file \"" + logPath + "\": " + e.getMessage());
        }
    }

    private Flux<DataBuffer> stream(OpenLog log) {
        return Flux.<byte[]>create(sink -> {
                    var task = Schedulers.boundedElastic().schedule(() -> pump(log, sink));
                    sink.onDispose(task);
                })
                .map(bytes -> (DataBuffer) DefaultDataBufferFactory.sharedInstance.wrap(bytes));
    }

    /** Reads the log into the sink: once, or with follow until the container stops running. */
    private void pump(OpenLog log, FluxSink<byte[]> sink) {
        CriLogReader reader = log.reader();
        try (reader) {
            boolean stopping = false;
            while (!sink.isCancelled()) {
                if (sink.requestedFromDownstream() == 0) {
                    Thread.sleep(10);
                    continue;
                }
                byte[] chunk = reader.read(READ_BUDGET);
                if (chunk.length > 0) {
                    sink.next(chunk);
                    continue;
                }
                if (reader.limitReached() || !log.options().follow() || stopping) {
                    break;
                }
                // At the end of what is written: a stopped container writes no more, so one last
                // read takes what it wrote before it stopped.
                stopping = !locator.running(log.container().id());
                if (!stopping) {
                    Thread.sleep(pollInterval.toMillis());
                }
            }
            sink.complete();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sink.complete();
        } catch (IOException | RuntimeException e) {
            sink.error(e);
        }
    }

    /** A body flushed after every chunk, so a follower sees each line when it is read. */
    private static BodyInserter<Publisher<DataBuffer>, ReactiveHttpOutputMessage> flushingEach(Flux<DataBuffer> body) {
        return (message, context) -> message.writeAndFlushWith(body.map(Mono::just));
    }
}
