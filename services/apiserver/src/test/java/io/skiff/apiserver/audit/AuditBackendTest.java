package io.skiff.apiserver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AuditBackendTest {

    @Test
    void writesEveryQueuedEventInOrderAndCountsThem() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AuditBackend backend = new AuditBackend(AuditBackend.stream(out), 100, meters);
        for (int i = 0; i < 50; i++) {
            backend.process(("{\"n\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
        }
        backend.close();

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(50);
        assertThat(lines[49]).isEqualTo("{\"n\":49}");
        assertThat(meters.counter("apiserver_audit_event_total").count()).isEqualTo(50);
        assertThat(meters.counter("apiserver_audit_error_total", "plugin", "log")
                        .count())
                .isZero();
    }

    @Test
    void aStuckDiskDropsAndCountsEventsInsteadOfBlockingTheCaller() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        AuditBackend.Sink blocked = new AuditBackend.Sink() {
            @Override
            public void write(byte[] line) throws IOException {
                writing.countDown();
                try {
                    stuck.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        AuditBackend backend = new AuditBackend(blocked, 10, meters);
        backend.process(new byte[] {'\n'});
        assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        for (int i = 0; i < 25; i++) {
            backend.process(new byte[] {'\n'});
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(elapsedMillis).isLessThan(1000);
        assertThat(meters.counter("apiserver_audit_event_total").count()).isEqualTo(26);
        assertThat(meters.counter("apiserver_audit_error_total", "plugin", "log")
                        .count())
                .isEqualTo(15);
        stuck.countDown();
        backend.close();
    }
}
