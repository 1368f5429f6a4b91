package io.skiff.kubelet.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CriLogFileTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00.123456789Z");
    private static final String T = "2026-03-01T10:00:00.123456789Z";

    static Stream<Arguments> outputs() {
        String longLine = "x".repeat(CriLogFile.MAX_LINE + 5);
        String exactLine = "y".repeat(CriLogFile.MAX_LINE);
        return Stream.of(
                argumentSet("one full line", "hello\n", List.of(T + " stdout F hello")),
                argumentSet("lines in order", "a\nb\n", List.of(T + " stdout F a", T + " stdout F b")),
                argumentSet("an empty line is a full empty line", "\n", List.of(T + " stdout F ")),
                argumentSet("CRLF loses its CR", "dos\r\n", List.of(T + " stdout F dos")),
                argumentSet(
                        "output ending without a newline ends with a partial line",
                        "done\nno newline",
                        List.of(T + " stdout F done", T + " stdout P no newline")),
                argumentSet(
                        "a line longer than the maximum is split into partial lines",
                        longLine + "\n",
                        List.of(T + " stdout P " + "x".repeat(CriLogFile.MAX_LINE), T + " stdout F xxxxx")),
                argumentSet(
                        "a line of exactly the maximum stays whole",
                        exactLine + "\n",
                        List.of(T + " stdout F " + exactLine)));
    }

    @ParameterizedTest
    @MethodSource("outputs")
    void writesTheCriLoggingFormat(String output, List<String> lines) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        CriLogFile log = CriLogFile.to(file, Clock.fixed(AT, ZoneOffset.UTC));

        // A reader sees output in arbitrary chunks; feed it a byte at a time to cross every boundary.
        log.copy(new SlowStream(output.getBytes(StandardCharsets.UTF_8)), "stdout");

        assertThat(file.toString(StandardCharsets.UTF_8).lines().toList()).isEqualTo(lines);
    }

    @Test
    void afterARotationRenamedTheFileReopeningStartsANewOneAtThePath(@TempDir Path directory) throws IOException {
        Path path = directory.resolve("main/0.log");
        Path rotated = directory.resolve("main/0.log.20260301-100000");
        CriLogFile log = CriLogFile.open(path, Clock.fixed(AT, ZoneOffset.UTC));
        log.copy(new ByteArrayInputStream("before\n".getBytes(StandardCharsets.UTF_8)), "stdout");

        Files.move(path, rotated);
        log.copy(new ByteArrayInputStream("in between\n".getBytes(StandardCharsets.UTF_8)), "stdout");
        log.reopen();
        log.copy(new ByteArrayInputStream("after\n".getBytes(StandardCharsets.UTF_8)), "stdout");
        log.close();

        assertThat(Files.readAllLines(rotated)).containsExactly(T + " stdout F before", T + " stdout F in between");
        assertThat(Files.readAllLines(path)).containsExactly(T + " stdout F after");
    }

    static Stream<Arguments> timestamps() {
        return Stream.of(
                argumentSet("nanoseconds", "2026-03-01T10:00:00.123456789Z", "2026-03-01T10:00:00.123456789Z"),
                argumentSet(
                        "trailing zeros dropped, as Go does", "2026-03-01T10:00:00.120Z", "2026-03-01T10:00:00.12Z"),
                argumentSet("whole seconds have no fraction", "2026-03-01T10:00:00Z", "2026-03-01T10:00:00Z"));
    }

    @ParameterizedTest
    @MethodSource("timestamps")
    void timestampsAreGoRfc3339Nano(String instant, String formatted) {
        assertThat(CriLogFile.timestamp(Instant.parse(instant))).isEqualTo(formatted);
    }

    private static final class SlowStream extends ByteArrayInputStream {

        SlowStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1));
        }
    }
}
