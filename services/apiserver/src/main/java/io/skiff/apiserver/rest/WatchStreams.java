package io.skiff.apiserver.rest;

import io.skiff.apiserver.watch.WatchEvent;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes watch events in the framings clients use: Kubernetes' native stream (one compact JSON
 * event per line, flushed at once) and server-sent events (id = resourceVersion, so a client can
 * resume with Last-Event-ID), the framing Skiff's own components use.
 */
public final class WatchStreams {

    private final DataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;

    public ResourceHandler.StreamBody nativeJson(Flux<WatchEvent> events) {
        Flux<DataBuffer> chunks = events.map(event -> buffers.wrap(event.nativeLine()));
        return new ResourceHandler.StreamBody(
                MediaType.APPLICATION_JSON, (response, context) -> response.writeWith(headersFirst(chunks)));
    }

    public ResourceHandler.StreamBody serverSentEvents(Flux<WatchEvent> events) {
        Flux<DataBuffer> chunks = events.map(event -> buffers.wrap(sseFrame(event)));
        return new ResourceHandler.StreamBody(
                MediaType.TEXT_EVENT_STREAM, (response, context) -> response.writeWith(headersFirst(chunks)));
    }

    /**
     * Sends the status and headers at once, as Kubernetes does: clients such as client-java wait
     * for them before they go on, and a quiet watch would otherwise send nothing at all. An empty
     * buffer is not chunked encoding's terminator; it only commits the headers.
     *
     * <p>Reactor Netty flushes whenever it has written everything queued, so one event alone goes
     * out at once while events that pile up under load share a flush (one system call).
     */
    private Flux<DataBuffer> headersFirst(Flux<DataBuffer> chunks) {
        return Flux.concat(Mono.fromSupplier(() -> buffers.allocateBuffer(0)), chunks);
    }

    /** id: the revision; event: the type; data: the object on one line. */
    static byte[] sseFrame(WatchEvent event) {
        byte[] head = ("id: " + event.revision() + "\nevent: " + event.type() + "\ndata: ")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[head.length + event.object().length + 2];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(event.object(), 0, frame, head.length, event.object().length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        return frame;
    }
}
