package io.skiff.kubelet.server;

import io.skiff.kubelet.crilog.CriLogFormat;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Reads a container's CRI-format log as the kubelet's logs.ReadLogs does: entries are written as
 * their content, a partial entry joined with the ones that follow; entries older than {@code
 * since} are skipped; with timestamps each line starts with its first entry's time; at most
 * limitBytes are written. tailLines starts at the last N full lines (a line ending in an F entry;
 * a line still being written is shown after them but not counted). Only newline-terminated entries
 * are read, so a follower calls {@link #read} again for what the runtime writes meanwhile. A
 * follower goes on in the new file once log rotation has renamed the one it read (as ReadLogs
 * reopens a recreated file), after taking what was written to the old one.
 */
final class CriLogReader implements Closeable {

    private final Path path;
    private final LogOptions options;
    private FileChannel channel;
    private Object fileKey;
    private long position;
    private long remaining;
    private boolean newLine = true;

    private CriLogReader(Path path, FileChannel channel, Object fileKey, LogOptions options, long position) {
        this.path = path;
        this.channel = channel;
        this.fileKey = fileKey;
        this.options = options;
        this.position = position;
        this.remaining = options.limitBytes() == null ? Long.MAX_VALUE : options.limitBytes();
    }

    static CriLogReader open(Path path, LogOptions options) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            Object fileKey = fileKey(path);
            long start = options.tailLines() == null ? 0 : tailStart(channel, options.tailLines());
            return new CriLogReader(path, channel, fileKey, options, start);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The offset of the first of the last {@code lines} full lines. */
    private static long tailStart(FileChannel channel, long lines) throws IOException {
        Deque<Long> starts = new ArrayDeque<>();
        long[] pending = {-1};
        long[] afterLastFull = {0};
        LogLines.scan(channel, 0, Long.MAX_VALUE, (offset, line) -> {
            Optional<CriLogFormat.Entry> entry = CriLogFormat.parse(line, line.length);
            if (entry.isEmpty()) {
                return true;
            }
            if (pending[0] < 0) {
                pending[0] = offset;
            }
            if (!entry.get().partial()) {
                if (lines > 0) {
                    starts.addLast(pending[0]);
                    if (starts.size() > lines) {
                        starts.removeFirst();
                    }
                }
                pending[0] = -1;
                afterLastFull[0] = offset + line.length + 1;
            }
            return true;
        });
        if (lines == 0) {
            return afterLastFull[0];
        }
        return starts.size() < lines ? 0 : starts.getFirst();
    }

    /** What the entries written since the last call give, reading about {@code budget} bytes of the file at most. */
    byte[] read(long budget) throws IOException {
        byte[] read = readOpenFile(budget);
        if (read.length > 0 || !options.follow() || !rotated()) {
            return read;
        }
        // The path names a new file: what reached the old one before it was renamed comes first.
        read = readOpenFile(budget);
        if (read.length > 0) {
            return read;
        }
        FileChannel next = FileChannel.open(path, StandardOpenOption.READ);
        channel.close();
        channel = next;
        fileKey = fileKey(path);
        position = 0;
        return readOpenFile(budget);
    }

    private byte[] readOpenFile(long budget) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (limitReached()) {
            return out.toByteArray();
        }
        position = LogLines.scan(channel, position, budget, (offset, line) -> {
            CriLogFormat.parse(line, line.length).ifPresent(entry -> write(entry, out));
            return !limitReached();
        });
        return out.toByteArray();
    }

    /** Whether the log's path now names another file than the one being read (it was rotated). */
    private boolean rotated() {
        try {
            Object current = fileKey(path);
            return current != null && !current.equals(fileKey);
        } catch (IOException e) {
            // Renamed away and not yet opened again by the runtime: keep reading the old one.
            return false;
        }
    }

    private static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }

    /** Whether limitBytes were written: nothing more will be. */
    boolean limitReached() {
        return remaining <= 0;
    }

    private void write(CriLogFormat.Entry entry, ByteArrayOutputStream out) {
        byte[] content = entry.content();
        boolean prefix = newLine;
        newLine = content.length == 0 || content[content.length - 1] == '\n';
        if (options.since() != null && entry.time().isBefore(options.since())) {
            return;
        }
        byte[] line = content;
        if (options.timestamps() && prefix) {
            byte[] time = (CriLogFormat.timestamp(entry.time()) + " ").getBytes(StandardCharsets.US_ASCII);
            line = new byte[time.length + content.length];
            System.arraycopy(time, 0, line, 0, time.length);
            System.arraycopy(content, 0, line, time.length, content.length);
        }
        int length = (int) Math.min(line.length, remaining);
        out.write(line, 0, length);
        remaining -= length;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
