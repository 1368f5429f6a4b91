package io.skiff.kubelet.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/** The complete (newline-terminated) lines of a log file from an offset; a line being written is left for later. */
final class LogLines {

    private static final int CHUNK = 64 * 1024;

    private LogLines() {}

    interface Visitor {
        /** One line without its newline, at {@code offset} in the file; false stops the scan. */
        boolean line(long offset, byte[] line);
    }

    /**
     * Visits the complete lines from {@code from} until the end of the file, until {@code budget}
     * bytes were visited or until the visitor stops; returns the offset after the last line visited.
     */
    static long scan(FileChannel channel, long from, long budget, Visitor visitor) throws IOException {
        byte[] buffer = new byte[CHUNK];
        int filled = 0;
        long position = from;
        long bufferStart = from;
        while (position - from < budget) {
            if (filled == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            int read = channel.read(ByteBuffer.wrap(buffer, filled, buffer.length - filled), bufferStart + filled);
            if (read <= 0) {
                return position;
            }
            filled += read;
            int lineStart = 0;
            for (int i = 0; i < filled; i++) {
                if (buffer[i] != '\n') {
                    continue;
                }
                boolean more = visitor.line(bufferStart + lineStart, Arrays.copyOfRange(buffer, lineStart, i));
                lineStart = i + 1;
                position = bufferStart + lineStart;
                if (!more || position - from >= budget) {
                    return position;
                }
            }
            System.arraycopy(buffer, lineStart, buffer, 0, filled - lineStart);
            filled -= lineStart;
            bufferStart += lineStart;
        }
        return position;
    }
}
