package io.skiff.bench.tcp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * Bulk throughput: the backend streams {@code bytes} over one connection and the client reads
 * them, until all have arrived or {@code limit} has passed (then the connection is dropped and the
 * rate is what arrived in that time).
 */
public final class BulkDownload {

    private static final int READ_BUFFER = 1 << 20;
    private static final Duration STALL_GRACE = Duration.ofSeconds(5);

    private final Dialer dialer;

    public BulkDownload(Dialer dialer) {
        this.dialer = dialer;
    }

    public Result run(InetSocketAddress target, long bytes, Duration limit) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER);
        SocketChannel channel = dialer.connect(target);
        ScheduledFuture<?> guard =
                dialer.closeAfter(channel, limit.plus(STALL_GRACE).toNanos());
        long received = 0;
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        try (channel) {
            Wire.writeFully(channel, Wire.header(Wire.STREAM, bytes));
            while (received < bytes && System.nanoTime() < deadline) {
                buffer.clear();
                int read = channel.read(buffer);
                if (read < 0) {
                    break;
                }
                received += read;
            }
        } catch (IOException e) {
            if (received == 0) {
                throw e;
            }
            // a stall ended by the guard: the rate is what arrived
        } finally {
            guard.cancel(false);
        }
        return new Result(received, bytes, (System.nanoTime() - start) / 1e9);
    }

    /** What arrived, of how much was asked for, in how long. */
    public record Result(long received, long requested, double seconds) {

        /** Megabytes (10^6 bytes) per second. */
        public double megabytesPerSecond() {
            return received / 1e6 / seconds;
        }

        public boolean complete() {
            return received >= requested;
        }
    }
}
