package io.skiff.apiserver.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingLogFileTest {

    private static final int MEGABYTE = 1024 * 1024;

    @TempDir
    Path dir;

    private Instant now = Instant.parse("2026-12-07T15:04:05.123Z");

    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void rotatesBeforeAWriteWouldPassTheSizeAndNamesBackupsLikeKubernetes() throws IOException {
        Path log = dir.resolve("audit.log");
        try (RotatingLogFile file = new RotatingLogFile(log, 1, 0, 0, clock)) {
            file.open();
            file.write(line(600_000));
            file.write(line(600_000));
            file.flush();
        }

        assertThat(Files.size(log)).isEqualTo(600_000);
        assertThat(Files.size(dir.resolve("audit-2026-12-07T15-04-05.123.log"))).isEqualTo(600_000);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
                .isEqualTo("rw-------");
    }

    @Test
    void appendsToAnExistingFileAfterARestart() throws IOException {
        Path log = dir.resolve("audit.log");
        for (int i = 0; i < 2; i++) {
            try (RotatingLogFile file = new RotatingLogFile(log, 1, 0, 0, clock)) {
                file.open();
                file.write("{}\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(Files.readString(log)).isEqualTo("{}\n{}\n");
    }

    @Test
    void keepsAtMostMaxBackupsNewestFirst() throws IOException {
        Path log = dir.resolve("audit.log");
        try (RotatingLogFile file = new RotatingLogFile(log, 1, 2, 0, clock)) {
            file.open();
            for (int i = 0; i < 5; i++) {
                now = now.plusSeconds(60);
                file.write(line(MEGABYTE - 10));
            }
        }
        assertThat(backups()).containsExactly("audit-2026-12-07T15-08-05.123.log", "audit-2026-12-07T15-09-05.123.log");
    }

    @Test
    void removesBackupsOlderThanMaxAge() throws IOException {
        Path log = dir.resolve("audit.log");
        Files.writeString(dir.resolve("audit-2026-11-01T00-00-00.000.log"), "old\n");
        Files.writeString(dir.resolve("audit-notatime.log"), "someone else's\n");
        try (RotatingLogFile file = new RotatingLogFile(log, 1, 0, 7, clock)) {
            file.open();
            file.write(line(MEGABYTE - 10));
            now = now.plus(Duration.ofDays(1));
            file.write(line(MEGABYTE - 10));
        }
        assertThat(backups()).containsExactly("audit-2026-12-08T15-04-05.123.log", "audit-notatime.log");
    }

    @Test
    void aLineLargerThanTheFileIsRefused() throws IOException {
        try (RotatingLogFile file = new RotatingLogFile(dir.resolve("audit.log"), 1, 0, 0, clock)) {
            file.open();
            assertThatThrownBy(() -> file.write(line(MEGABYTE + 1)))
                    .hasMessage("write length 1048577 exceeds maximum file size 1048576");
        }
    }

    private List<String> backups() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("audit.log"))
                    .sorted()
                    .toList();
        }
    }

    private static byte[] line(int length) {
        byte[] line = new byte[length];
        Arrays.fill(line, (byte) 'x');
        line[length - 1] = '\n';
        return line;
    }
}
