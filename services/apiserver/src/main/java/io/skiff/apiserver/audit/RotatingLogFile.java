package io.skiff.apiserver.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An append-only file that rotates by size as kube-apiserver's audit log does (it uses lumberjack):
 * when a write would take the file past {@code maxSizeMegabytes}, the file is renamed to
 * {@code <name>-<UTC time>.<ext>} ({@code audit-2026-12-07T15-04-05.000.log}) and a new one is
 * started; then backups beyond {@code maxBackups} (0 keeps all) and older than {@code maxAgeDays}
 * (0 keeps them whatever their age) are deleted. New files are readable by their owner only.
 *
 * <p>Written here rather than with logback's rolling appenders: those name and prune backups
 * differently (index or date patterns, total-size caps), and the audit trail must not depend on the
 * application's logging configuration.
 */
final class RotatingLogFile implements AutoCloseable {

    private static final DateTimeFormatter BACKUP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSS");
    private static final long MEGABYTE = 1024L * 1024L;

    private final Path file;
    private final long maxBytes;
    private final int maxBackups;
    private final int maxAgeDays;
    private final Clock clock;
    private final String stem;
    private final String extension;
    private OutputStream out;
    private long size;

    /** @param maxSizeMegabytes 0 means lumberjack's default, 100 MB */
    RotatingLogFile(Path file, int maxSizeMegabytes, int maxBackups, int maxAgeDays, Clock clock) {
        this.file = file.toAbsolutePath();
        this.maxBytes = (maxSizeMegabytes <= 0 ? 100 : maxSizeMegabytes) * MEGABYTE;
        this.maxBackups = maxBackups;
        this.maxAgeDays = maxAgeDays;
        this.clock = clock;
        String name = this.file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        this.stem = dot > 0 ? name.substring(0, dot) : name;
        this.extension = dot > 0 ? name.substring(dot) : "";
    }

    /** Creates the file (and its directory) if need be, so a wrong path fails at startup. */
    void open() throws IOException {
        Path dir = file.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        if (!Files.exists(file)) {
            createOwnerOnly(file);
        }
        size = Files.size(file);
        out = Files.newOutputStream(file, StandardOpenOption.APPEND);
    }

    void write(byte[] line) throws IOException {
        if (line.length > maxBytes) {
            throw new IOException("write length " + line.length + " exceeds maximum file size " + maxBytes);
        }
        if (out == null) {
            open();
        }
        if (size + line.length > maxBytes) {
            rotate();
        }
        out.write(line);
        size += line.length;
    }

    void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    private void rotate() throws IOException {
        out.close();
        out = null;
        Instant now = clock.instant();
        Path backup = file.resolveSibling(
                stem + "-" + BACKUP_TIME.format(LocalDateTime.ofInstant(now, ZoneOffset.UTC)) + extension);
        Files.move(file, backup);
        createOwnerOnly(file);
        out = Files.newOutputStream(file, StandardOpenOption.APPEND);
        size = 0;
        removeOldBackups(now);
    }

    private void removeOldBackups(Instant now) throws IOException {
        if (maxBackups <= 0 && maxAgeDays <= 0) {
            return;
        }
        List<Backup> backups = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(file.getParent(), stem + "-*" + extension)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String time = name.substring(stem.length() + 1, name.length() - extension.length());
                try {
                    backups.add(new Backup(
                            entry, LocalDateTime.parse(time, BACKUP_TIME).toInstant(ZoneOffset.UTC)));
                } catch (DateTimeParseException notABackup) {
                    // Some other file that happens to share the prefix: not ours to delete.
                }
            }
        }
        backups.sort(Comparator.comparing(Backup::time).reversed());
        Instant cutoff = maxAgeDays > 0 ? now.minus(Duration.ofDays(maxAgeDays)) : Instant.MIN;
        for (int i = 0; i < backups.size(); i++) {
            Backup backup = backups.get(i);
            if ((maxBackups > 0 && i >= maxBackups) || backup.time().isBefore(cutoff)) {
                Files.deleteIfExists(backup.path());
            }
        }
    }

    private static void createOwnerOnly(Path path) throws IOException {
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(path);
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    private record Backup(Path path, Instant time) {}
}
