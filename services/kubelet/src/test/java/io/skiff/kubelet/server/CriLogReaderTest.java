package io.skiff.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CriLogReaderTest {

    private static final String LOG = """
            2024-05-01T10:00:00.1Z stdout F one
            2024-05-01T10:00:01Z stderr F two
            2024-05-01T10:00:02.000000300Z stdout P thr
            2024-05-01T10:00:03Z stdout P e
            2024-05-01T10:00:04Z stdout F e
            not a cri line
            2024-05-01T12:00:05+02:00 stderr F four
            2024-05-01T10:00:06Z stdout F\s
            2024-05-01T10:00:07Z stdout F:extra five
            """;

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("everything, stdout and stderr mixed", LogOptions.ALL, "one\ntwo\nthree\nfour\n\nfive\n"),
                Arguments.of("tail 2", options(null, false, 2L, null), "\nfive\n"),
                Arguments.of(
                        "tail 4 keeps a partial line whole", options(null, false, 4L, null), "three\nfour\n\nfive\n"),
                Arguments.of(
                        "tail beyond the file", options(null, false, 50L, null), "one\ntwo\nthree\nfour\n\nfive\n"),
                Arguments.of("tail 0", options(null, false, 0L, null), ""),
                Arguments.of(
                        "since skips older entries, even the start of a partial line",
                        options(Instant.parse("2024-05-01T10:00:03Z"), false, null, null),
                        "ee\nfour\n\nfive\n"),
                Arguments.of(
                        "since in another offset",
                        options(Instant.parse("2024-05-01T12:00:04.5+02:00"), false, null, null),
                        "four\n\nfive\n"),
                Arguments.of("limit cuts inside a line", options(null, false, null, 6L), "one\ntw"),
                Arguments.of(
                        "timestamps prefix each line with its first entry's time",
                        options(null, true, 3L, null),
                        "2024-05-01T10:00:05Z four\n2024-05-01T10:00:06Z \n2024-05-01T10:00:07Z five\n"),
                Arguments.of(
                        "timestamps on a joined line",
                        options(Instant.parse("2024-05-01T10:00:02Z"), true, null, 30L),
                        "2024-05-01T10:00:02.0000003Z t"),
                Arguments.of("limit counts the timestamps", options(null, true, null, 23L), "2024-05-01T10:00:00.1Z "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsAsTheKubeletDoes(String description, LogOptions options, String expected) throws IOException {
        assertThat(readAll(LOG, options)).isEqualTo(expected);
    }

    @Test
    void anEntryBeingWrittenIsReadOnceItsLineEnds() throws IOException {
        Path log = dir.resolve("growing.log");
        Files.writeString(log, "2024-05-01T10:00:00Z stdout F one\n2024-05-01T10:00:01Z stdout F tw");
        try (CriLogReader reader = CriLogReader.open(log, LogOptions.ALL)) {
            assertThat(new String(reader.read(1 << 20), StandardCharsets.UTF_8)).isEqualTo("one\n");
            assertThat(reader.read(1 << 20)).isEmpty();
            Files.writeString(log, "o\n2024-05-01T10:00:02Z stderr F three\n", java.nio.file.StandardOpenOption.APPEND);
            assertThat(new String(reader.read(1 << 20), StandardCharsets.UTF_8)).isEqualTo("two\nthree\n");
        }
    }

    @Test
    void aFollowerGoesOnInTheNewFileAfterARotationOnceTheOldOneIsRead() throws IOException {
        Path log = dir.resolve("0.log");
        Files.writeString(log, "2024-05-01T10:00:00Z stdout F one\n");
        LogOptions follow = new LogOptions(true, false, null, false, null, null);
        try (CriLogReader reader = CriLogReader.open(log, follow)) {
            assertThat(new String(reader.read(1 << 20), StandardCharsets.UTF_8)).isEqualTo("one\n");
            // Rotation renames the file; the runtime writes a last line before it reopens the log.
            Files.move(log, dir.resolve("0.log.20240501-100001"));
            assertThat(reader.read(1 << 20)).isEmpty();
            Files.writeString(
                    dir.resolve("0.log.20240501-100001"),
                    "2024-05-01T10:00:01Z stdout F two\n",
                    java.nio.file.StandardOpenOption.APPEND);
            Files.writeString(log, "2024-05-01T10:00:02Z stdout F three\n");

            assertThat(new String(reader.read(1 << 20), StandardCharsets.UTF_8)).isEqualTo("two\n");
            assertThat(new String(reader.read(1 << 20), StandardCharsets.UTF_8)).isEqualTo("three\n");
            Files.writeString(log, "2024-05-01T10:00:03Z stdout F four\n", java.nio.file.StandardOpenOption.APPEND);
            assertThat(new String(reader.read(1 << 20), StandardCharsets.UTF_8)).isEqualTo("four\n");
        }
    }

    @Test
    void withoutFollowOnlyTheFileOpenedIsRead() throws IOException {
        Path log = dir.resolve("0.log");
        Files.writeString(log, "2024-05-01T10:00:00Z stdout F one\n");
        try (CriLogReader reader = CriLogReader.open(log, LogOptions.ALL)) {
            Files.move(log, dir.resolve("0.log.20240501-100001"));
            Files.writeString(log, "2024-05-01T10:00:02Z stdout F three\n");

            assertThat(new String(reader.read(1 << 20), StandardCharsets.UTF_8)).isEqualTo("one\n");
            assertThat(reader.read(1 << 20)).isEmpty();
        }
    }

    @Test
    void longLinesAndSmallBudgetsReadEverything() throws IOException {
        String longContent = "x".repeat(200_000);
        String log = "2024-05-01T10:00:00Z stdout F " + longContent + "\n2024-05-01T10:00:01Z stdout F end\n";
        Path file = dir.resolve("long.log");
        Files.writeString(file, log);
        StringBuilder read = new StringBuilder();
        try (CriLogReader reader = CriLogReader.open(file, LogOptions.ALL)) {
            for (int i = 0; i < 10; i++) {
                read.append(new String(reader.read(10), StandardCharsets.UTF_8));
            }
        }
        assertThat(read.toString()).isEqualTo(longContent + "\nend\n");
    }

    private String readAll(String content, LogOptions options) throws IOException {
        Path log = dir.resolve("0.log");
        Files.writeString(log, content);
        try (CriLogReader reader = CriLogReader.open(log, options)) {
            return new String(reader.read(Long.MAX_VALUE), StandardCharsets.UTF_8);
        }
    }

    private static LogOptions options(Instant since, boolean timestamps, Long tail, Long limit) {
        return new LogOptions(false, false, since, timestamps, tail, limit);
    }
}
