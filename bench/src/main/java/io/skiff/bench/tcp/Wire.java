package io.skiff.bench.tcp;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The backend's protocol, spoken by {@link BackendServer} and the clients of this package: each
 * connection starts with a 9-byte header, an operation and a count, and the operation says what
 * follows. Nothing in it knows about the path between client and backend, so a relay in between
 * (the userspace proxy) carries it unchanged.
 */
public final class Wire {

    /** Echo every byte back until the client closes; the count is ignored. */
    public static final byte ECHO = 'E';

    /** Read count bytes, send them back, then close (the server closes first, as HTTP/1.0 does). */
    public static final byte ONCE = 'O';

    /** Send count bytes, then close. */
    public static final byte STREAM = 'S';

    static final int HEADER_BYTES = 9;

    /** The most a {@link #ONCE} exchange may carry. */
    public static final int MAX_MESSAGE_BYTES = 1 << 20;

    private Wire() {}

    static ByteBuffer header(byte operation, long count) {
        return ByteBuffer.allocate(HEADER_BYTES).put(operation).putLong(count).flip();
    }

    static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Fills {@code buffer}; an end of stream before that is an {@link EOFException}. */
    static void readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("connection closed with " + buffer.remaining() + " bytes to come");
            }
        }
    }
}
