package io.skiff.kubelet.server;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * A blocking stream read on its own daemon thread into a Flux of chunks, each sent as soon as it is
 * read (an interactive command's prompt must not wait for a full buffer). The thread waits while
 * nobody asks for more, so a slow client holds the command back instead of filling memory. It also
 * tells whether the stream has gone quiet: ended, or waiting for data that does not come.
 */
final class StreamReader {

    /** The data of one WebSocket message at most, as the Kubernetes client's buffers are sized. */
    static final int CHUNK = 32 * 1024;

    private final InputStream in;
    private final String threadName;
    private volatile boolean waitingForData;
    private volatile boolean ended;
    private volatile long lastActive = System.nanoTime();

    StreamReader(InputStream in, String threadName) {
        this.in = in;
        this.threadName = threadName;
    }

    /** The stream's bytes until its end; a stream closed under the reader ends the Flux too. Subscribe once. */
    Flux<byte[]> chunks() {
        return Flux.create(
                sink -> {
                    Thread reader = new Thread(() -> pump(sink), threadName);
                    reader.setDaemon(true);
                    reader.start();
                },
                FluxSink.OverflowStrategy.BUFFER);
    }

    /** Whether the stream ended, or has had nothing to read for {@code quiet} while its reader was ready for more. */
    boolean quietFor(Duration quiet) {
        return ended || (waitingForData && System.nanoTime() - lastActive > quiet.toNanos());
    }

    private void pump(FluxSink<byte[]> sink) {
        byte[] buffer = new byte[CHUNK];
        try (in) {
            while (!sink.isCancelled()) {
                lastActive = System.nanoTime();
                if (sink.requestedFromDownstream() == 0) {
                    Thread.sleep(5);
                    continue;
                }
                waitingForData = true;
                int read = in.read(buffer);
                waitingForData = false;
                lastActive = System.nanoTime();
                if (read < 0) {
                    break;
                }
                if (read > 0) {
                    sink.next(Arrays.copyOf(buffer, read));
                }
            }
        } catch (IOException closed) {
            // The command's end closed the stream under the reader: its output is over.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended = true;
        }
        sink.complete();
    }
}
