package io.skiff.launcher.sharing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Writes the class archive once the first start on an unpacked jar has loaded what a start needs:
 * the launcher asked for it (system property {@value #ARCHIVE_PROPERTY}) when it re-executed the
 * JVM with {@code -XX:+RecordDynamicDumpInfo}. HotSpot's {@code VM.cds dynamic_dump} diagnostic
 * command writes every class loaded so far; that pauses the JVM for a second or two, once.
 */
public final class ClassArchive {

    static final String ARCHIVE_PROPERTY = "skiff.class-sharing.write-archive";

    private ClassArchive() {}

    /** Writes the archive if this start was asked to, in the background; says so in one line. */
    public static void writeIfAsked() {
        String target = System.getProperty(ARCHIVE_PROPERTY);
        if (target == null || target.isBlank()) {
            return;
        }
        Thread writer = new Thread(() -> write(Path.of(target)), "class-archive-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Left next to an archive that could not be written, so later starts stop trying. */
    static Path failureMarker(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".failed");
    }

    private static void failed(Path archive, String reason) {
        System.err.println(
                "skiff: could not write the class archive " + archive + " (later starts run without it): " + reason);
        try {
            Files.writeString(failureMarker(archive), reason + System.lineSeparator());
        } catch (IOException e) {
            // the next start tries again
        }
    }

    static void write(Path archive) {
        long started = System.nanoTime();
        Path scratch = archive.resolveSibling(
                archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.deleteIfExists(scratch);
            Object output = ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "vmCds",
                            new Object[] {new String[] {"dynamic_dump", scratch.toString()}},
                            new String[] {String[].class.getName()});
            if (!Files.isRegularFile(scratch) || Files.size(scratch) == 0) {
                failed(archive, String.valueOf(output).strip());
                return;
            }
            try {
                Files.move(scratch, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(scratch, archive, StandardCopyOption.REPLACE_EXISTING);
            }
            System.err.printf(
                    "skiff: wrote the class archive %s (%d MB) in %.1f s; later starts load their classes from it%n",
                    archive, Files.size(archive) >> 20, (System.nanoTime() - started) / 1e9);
        } catch (IOException | JMException | RuntimeException e) {
            failed(archive, e.toString());
        } finally {
            try {
                Files.deleteIfExists(scratch);
            } catch (IOException e) {
                // left for the next start's cache clean-up
            }
        }
    }
}
