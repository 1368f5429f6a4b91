package io.skiff.kubelet.runtime.process;

import io.skiff.kubelet.crilog.CriLogFormat;
import io.skiff.kubelet.crilog.ReopenableLogFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Writes a container's output to its log file in the CRI log format the kubelet and {@code kubectl
 * logs} read, as containerd writes it: one entry per line, {@code <RFC 3339 time with nanoseconds>
 * <stdout|stderr> <F|P> <content>}, where P marks a piece of a line longer than 16 KiB (the rest
 * follows in further entries) and F a line's end. After the kubelet rotated the file, {@link #reopen}
 * starts a new one.
 */
final class CriLogWriter implements AutoCloseable {

    /** containerd's maximum log line size: longer lines are split into partial entries. */
    static final int MAX_LINE_BYTES = 16 * 1024;

    private final ReopenableLogFile out;
    private final Supplier<Instant> clock;

    CriLogWriter(Path file, Supplier<Instant> clock) throws IOException {
        this.out = new ReopenableLogFile(file);
        this.clock = clock;
    }

    /** Goes on in a new file at the log's path, the old one having been renamed (ReopenContainerLog). */
    synchronized void reopen() throws IOException {
        out.reopen();
    }

    /** Copies {@code stream} ("stdout" or "stderr") to the log until it ends. */
    void pump(InputStream input, String stream) {
        byte[] line = new byte[MAX_LINE_BYTES];
        int length = 0;
        byte[] buffer = new byte[8192];
        try (input) {
            int read;
            while ((read = input.read(buffer)) >= 0) {
                for (int i = 0; i < read; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        write(stream, true, line, length);
                        length = 0;
                    } else {
                        line[length++] = b;
                        if (length == MAX_LINE_BYTES) {
                            write(stream, false, line, length);
                            length = 0;
                        }
                    }
                }
            }
        } catch (IOException e) {
            // The process went away with its pipe: what was read is written below.
        }
        if (length > 0) {
            write(stream, true, line, length);
        }
    }

    private synchronized void write(String stream, boolean full, byte[] content, int length) {
        try {
            String prefix = CriLogFormat.header(clock.get(), stream, !full);
            out.write(prefix.getBytes(StandardCharsets.UTF_8));
            out.write(content, 0, length);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            // A log that cannot be written must not stop the container.
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            // nothing more to write
        }
    }
}
