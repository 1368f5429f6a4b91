package io.skiff.kubelet.crilog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A container's log file, appended to, that can be opened again by its path (CRI
 * ReopenContainerLog): once the kubelet's log rotation has renamed the file, {@link #reopen} makes
 * the writes that follow go to a new file under the old name. Thread-safe.
 */
public final class ReopenableLogFile extends OutputStream {

    private final Path path;
    private OutputStream out;
    private boolean closed;

    /** Opens {@code path} for appending, creating it and its directory. */
    public ReopenableLogFile(Path path) throws IOException {
        this.path = path;
        this.out = open(path);
    }

    /** Closes the file written so far and opens {@code path} again, creating it if it was moved away. */
    public synchronized void reopen() throws IOException {
        if (closed) {
            throw new IOException("the log " + path + " is closed");
        }
        OutputStream reopened = open(path);
        try {
            out.close();
        } finally {
            out = reopened;
        }
    }

    @Override
    public synchronized void write(int b) throws IOException {
        out.write(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        out.close();
    }

    private static OutputStream open(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        return Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
