package io.skiff.apiserver.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands audit events to the log without ever blocking a request, as Kubernetes' buffered audit
 * backend: events wait in a bounded queue that one thread drains to the file; when the queue is
 * full the event is dropped and counted in {@code apiserver_audit_error_total{plugin="log"}}.
 * {@code apiserver_audit_event_total} counts every event generated.
 */
public final class AuditBackend implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditBackend.class);

    /** Where events go: a rotating file, or standard output for the path "-". */
    interface Sink extends AutoCloseable {
        void write(byte[] line) throws IOException;

        void flush() throws IOException;

        @Override
        void close() throws IOException;
    }

    private final Sink sink;
    private final BlockingQueue<byte[]> queue;
    private final Counter events;
    private final Counter errors;
    private final Thread thread;
    private volatile boolean running = true;
    /** Errors in a row; only the first of a streak is logged as a warning. */
    private int failures;

    AuditBackend(Sink sink, int bufferSize, MeterRegistry meters) {
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(bufferSize);
        this.events = Counter.builder("apiserver_audit_event_total")
                .description("Counter of audit events generated and sent to the audit backend.")
                .register(meters);
        this.errors = Counter.builder("apiserver_audit_error_total")
                .description("Counter of audit events that failed to be audited properly.")
                .tag("plugin", "log")
                .register(meters);
        this.thread = new Thread(this::run, "skiff-audit-log");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    static Sink file(RotatingLogFile file) {
        return new Sink() {
            @Override
            public void write(byte[] line) throws IOException {
                file.write(line);
            }

            @Override
            public void flush() throws IOException {
                file.flush();
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        };
    }

    static Sink stream(OutputStream out) {
        return new Sink() {
            @Override
            public void write(byte[] line) throws IOException {
                out.write(line);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    /** Queues one event line (ending in a newline); never waits. */
    void process(byte[] line) {
        events.increment();
        if (!running || !queue.offer(line)) {
            errors.increment();
        }
    }

    private void run() {
        List<byte[]> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                byte[] first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 999);
                writeBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } finally {
                batch.clear();
            }
        }
    }

    private void writeBatch(List<byte[]> batch) {
        int written = 0;
        try {
            for (byte[] line : batch) {
                sink.write(line);
                written++;
            }
            sink.flush();
            failures = 0;
        } catch (IOException e) {
            errors.increment(batch.size() - written);
            if (failures++ == 0) {
                log.warn("Writing audit events failed, {} lost: {}", batch.size() - written, e.toString());
            }
        }
    }

    /** Writes what is queued, then closes the log. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            sink.close();
        } catch (IOException e) {
            log.warn("Closing the audit log failed: {}", e.toString());
        }
    }
}
