package io.skiff.launcher.sharing;

import io.skiff.kubelet.files.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * skiff.jar unpacked by Spring Boot's own tool ({@code java -Djarmode=tools -jar skiff.jar extract}):
 * {@code app/skiff.jar} runs the same application with its libraries as plain jars in
 * {@code app/lib}, which the JVM's class-data sharing can archive (it cannot archive classes read
 * from jars nested in a jar). Unpacked into a scratch directory and renamed into place, so two
 * starts racing each other, or a start killed half-way, never leave a half-unpacked tree in use.
 */
final class UnpackedJar {

    private static final long EXTRACT_TIMEOUT_SECONDS = 120;

    private UnpackedJar() {}

    /** The runnable jar of the unpacked tree in {@code entry}, unpacking {@code jar} first if needed. */
    static Path in(Path entry, Path jar, String javaBinary) throws IOException, InterruptedException {
        Path app = entry.resolve("app");
        Path runnable = app.resolve(jar.getFileName().toString());
        if (Files.isRegularFile(runnable)) {
            return runnable;
        }
        Path scratch = Files.createTempDirectory(entry, "unpacking-");
        try {
            extract(jar, scratch, javaBinary);
            if (!Files.isRegularFile(scratch.resolve(jar.getFileName().toString()))) {
                throw new IOException("the extract tool left no " + jar.getFileName() + " in " + scratch);
            }
            try {
                Files.move(scratch, app, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // Another start unpacked it first (or the rename target exists): use theirs.
            } catch (IOException e) {
                if (!Files.isRegularFile(runnable)) {
                    throw e;
                }
            }
        } finally {
            FileTrees.deleteRecursively(scratch);
        }
        if (!Files.isRegularFile(runnable)) {
            throw new IOException("no " + runnable + " after unpacking");
        }
        return runnable;
    }

    private static void extract(Path jar, Path destination, String javaBinary)
            throws IOException, InterruptedException {
        Path log = destination.resolveSibling(destination.getFileName() + ".log");
        Process process = new ProcessBuilder(List.of(
                        javaBinary,
                        "-Djarmode=tools",
                        "-jar",
                        jar.toString(),
                        "extract",
                        "--force",
                        "--destination",
                        destination.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!process.waitFor(EXTRACT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("unpacking " + jar + " took over " + EXTRACT_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                String output = Files.readString(log, StandardCharsets.UTF_8).strip();
                throw new IOException("unpacking " + jar + " failed (exit " + process.exitValue() + "): "
                        + output.substring(Math.max(0, output.length() - 300)));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
