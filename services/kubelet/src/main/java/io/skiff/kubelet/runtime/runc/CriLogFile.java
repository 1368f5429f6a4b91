package io.skiff.kubelet.runtime.runc;

import io.skiff.kubelet.crilog.CriLogFormat;
import io.skiff.kubelet.crilog.ReopenableLogFile;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * A container's log in the CRI logging format the kubelet reads, one line per line of output:
 * {@code <timestamp> <stream> <tag> <content>}, the timestamp in Go's RFC3339Nano (UTC), the
 * stream {@code stdout} or {@code stderr}, the tag {@code F} for a full line and {@code P} for a
 * part of one. As containerd does, lines longer than {@link #MAX_LINE} bytes are split into
 * partial ones, and output that ends without a newline is written as a partial line. The file is
 * opened for appending, so a log rotation that truncates it is followed.
 */
final class CriLogFile implements Closeable {

    /** containerd's default max_container_log_line_size. */
    static final int MAX_LINE = 16 * 1024;

    private final OutputStream out;
    private final Clock clock;

    private CriLogFile(OutputStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** Appends to {@code path}, creating it and its directory; null discards the output. */
    static CriLogFile open(Path path, Clock clock) throws IOException {
        if (path == null) {
            return new CriLogFile(OutputStream.nullOutputStream(), clock);
        }
        return new CriLogFile(new ReopenableLogFile(path), clock);
    }

    static CriLogFile to(OutputStream out, Clock clock) {
        return new CriLogFile(out, clock);
    }

    /** Goes on in a new file at the log's path, the old one having been renamed (ReopenContainerLog). */
    synchronized void reopen() throws IOException {
        if (out instanceof ReopenableLogFile file) {
            file.reopen();
        }
    }

    /** Copies one stream of the container into the log until it ends. */
    void copy(InputStream in, String stream) throws IOException {
        byte[] buffer = new byte[8192];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int read;
        while ((read = in.read(buffer)) >= 0) {
            int start = 0;
            for (int i = 0; i < read; i++) {
                if (buffer[i] == '\n') {
                    line.write(buffer, start, i - start);
                    writeOverlongParts(line, stream);
                    byte[] content = line.toByteArray();
                    int length = content.length;
                    if (length > 0 && content[length - 1] == '\r') {
                        length--;
                    }
                    writeLine(stream, false, content, length);
                    line.reset();
                    start = i + 1;
                }
            }
            line.write(buffer, start, read - start);
            writeOverlongParts(line, stream);
        }
        if (line.size() > 0) {
            writeLine(stream, true, line.toByteArray(), line.size());
        }
    }

    /** Writes the first {@link #MAX_LINE} bytes of the pending line as partial lines while it is longer. */
    private void writeOverlongParts(ByteArrayOutputStream line, String stream) throws IOException {
        while (line.size() > MAX_LINE) {
            byte[] pending = line.toByteArray();
            writeLine(stream, true, pending, MAX_LINE);
            line.reset();
            line.write(pending, MAX_LINE, pending.length - MAX_LINE);
        }
    }

    private synchronized void writeLine(String stream, boolean partial, byte[] content, int length) throws IOException {
        String header = CriLogFormat.header(clock.instant(), stream, partial);
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        byte[] record = new byte[head.length + length + 1];
        System.arraycopy(head, 0, record, 0, head.length);
        System.arraycopy(content, 0, record, head.length, length);
        record[record.length - 1] = '\n';
        out.write(record);
        out.flush();
    }

    /** Go's {@code time.RFC3339Nano} of the instant in UTC (see {@link CriLogFormat#timestamp}). */
    static String timestamp(Instant instant) {
        return CriLogFormat.timestamp(instant);
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
