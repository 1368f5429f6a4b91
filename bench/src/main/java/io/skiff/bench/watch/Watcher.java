package io.skiff.bench.watch;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * One watch stream: splits the body into event lines, timestamps them and logs them for the final
 * join. Works on raw bytes rather than the JDK's line subscriber, which decodes every line to a
 * String and was the larger part of the client's CPU use at ~100 MB/s of events.
 */
final class Watcher implements Flow.Subscriber<List<ByteBuffer>> {

    private final Barriers barriers;
    private final EventLog log = new EventLog();
    private byte[] chunk = new byte[16 * 1024];
    private byte[] line = new byte[4096];
    private int lineLength;
    private long malformedLines;
    private volatile Flow.Subscription subscription;
    private volatile boolean closing;
    private volatile String failure;

    Watcher(Barriers barriers) {
        this.barriers = barriers;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        // Every line completed by this read arrived at the same moment.
        long arrival = System.nanoTime();
        for (ByteBuffer buffer : buffers) {
            int length = buffer.remaining();
            if (chunk.length < length) {
                chunk = new byte[length];
            }
            buffer.get(chunk, 0, length);
            int lineStart = 0;
            for (int i = 0; i < length; i++) {
                if (chunk[i] == '\n') {
                    appendToLine(lineStart, i - lineStart);
                    accept(arrival);
                    lineLength = 0;
                    lineStart = i + 1;
                }
            }
            appendToLine(lineStart, length - lineStart);
        }
    }

    private void appendToLine(int from, int length) {
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        }
        System.arraycopy(chunk, from, line, lineLength, length);
        lineLength += length;
    }

    private void accept(long arrival) {
        if (lineLength == 0) {
            return;
        }
        WatchEventLine event;
        try {
            event = WatchEventLine.parse(line, lineLength);
        } catch (IOException e) {
            malformedLines++;
            return;
        }
        if (event == null || event.type().equals("BOOKMARK")) {
            return;
        }
        if (event.type().equals("ERROR")) {
            failure = "ERROR event: " + new String(line, 0, lineLength, StandardCharsets.UTF_8);
            return;
        }
        if (event.name() == null || event.resourceVersion() == null) {
            malformedLines++;
            return;
        }
        if (barriers.arrived(event.name())) {
            return;
        }
        try {
            // Skiff's resourceVersion is its global revision (DESIGN.md §4), so it orders and identifies writes.
            log.add(
                    Long.parseLong(event.resourceVersion()),
                    arrival,
                    event.name().hashCode());
        } catch (NumberFormatException e) {
            malformedLines++;
        }
    }

    @Override
    public void onError(Throwable error) {
        if (!closing) {
            failure = error.toString();
        }
    }

    @Override
    public void onComplete() {
        if (!closing) {
            failure = new EOFException("server ended the watch").toString();
        }
    }

    /** The watch request itself failed or was refused. */
    void failed(String reason) {
        failure = reason;
    }

    void close() {
        closing = true;
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    EventLog log() {
        return log;
    }

    long malformedLines() {
        return malformedLines;
    }

    /** Why the stream broke before {@link #close()}, or null. */
    String failure() {
        return failure;
    }
}
