package io.skiff.bench.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.bench.load.CommittedWrite;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryReportTest {

    private static final long SENT = 1_000_000L;

    private final Barriers barriers = new Barriers(1);

    @Test
    void joinsEventsSplitAcrossReadsWithTheirWrites() {
        Watcher watcher = new Watcher(barriers);
        String stream = event("ADDED", "a", 5) + event("MODIFIED", "a", 6);
        int cut = stream.length() / 3;
        watcher.onNext(List.of(bytes(stream.substring(0, cut))));
        watcher.onNext(List.of(bytes(stream.substring(cut, 2 * cut)), bytes(stream.substring(2 * cut))));

        DeliveryReport report = DeliveryReport.of(writes(new CommittedWrite("a", "5", SENT, SENT)), List.of(watcher));

        assertThat(report.delivered()).isEqualTo(1);
        assertThat(report.expected()).isEqualTo(1);
        assertThat(report.latency().count()).isEqualTo(1);
        assertThat(report.malformed()).isZero();
    }

    @Test
    void countsMissingRepeatedAndWrongObjectEvents() {
        Watcher watcher = new Watcher(barriers);
        String stream = event("ADDED", "a", 5) + event("ADDED", "a", 5) + event("ADDED", "intruder", 7);
        watcher.onNext(List.of(bytes(stream)));

        DeliveryReport report = DeliveryReport.of(
                writes(
                        new CommittedWrite("a", "5", SENT, SENT),
                        new CommittedWrite("b", "6", SENT, SENT),
                        new CommittedWrite("c", "7", SENT, SENT)),
                List.of(watcher));

        assertThat(report.expected()).isEqualTo(3);
        assertThat(report.delivered()).isEqualTo(1);
        assertThat(report.outOfOrder()).isEqualTo(1);
        assertThat(report.nameMismatches()).isEqualTo(1);
    }

    @Test
    void markerObjectsReleaseTheBarrierAndAreNotCounted() {
        Watcher watcher = new Watcher(barriers);
        barriers.open("marker-start");
        watcher.onNext(List.of(bytes(event("ADDED", "marker-start", 3))));

        assertThat(watcher.log().size()).isZero();
        assertThat(barriers.arrived("unrelated")).isFalse();
    }

    private static List<CommittedWrite> writes(CommittedWrite... writes) {
        return List.of(writes);
    }

    private static String event(String type, String name, long resourceVersion) {
        return "{\"type\":\"" + type + "\",\"object\":{\"metadata\":{\"name\":\"" + name + "\",\"resourceVersion\":\""
                + resourceVersion + "\"},\"data\":{\"payload\":\"0123456789\"}}}\n";
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
