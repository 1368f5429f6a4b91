package io.skiff.launcher.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two things the launcher asks of the JVM and the kernel, done for real in JVMs of their own:
 * replacing the process keeps its id, and an archive written by {@link ClassArchive} is one HotSpot
 * maps and loads classes from. The probe runs from a jar (class-data sharing archives classes from
 * jars only), made here from the compiled classes.
 */
class ClassSharingProcessIntegrationTest {

    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    private String classPath;

    @BeforeEach
    void packProbe() throws IOException {
        assumeTrue(
                System.getProperty("os.name").toLowerCase().startsWith("linux"),
                "SKIPPED: execv and /proc are Linux facts; the launcher re-executes only on Linux");
        Path jar = dir.resolve("probe.jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream zip = new JarOutputStream(out)) {
            for (String root : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path packageDir = Path.of(root, "io", "skiff", "launcher", "sharing");
                if (Files.isDirectory(packageDir)) {
                    try (Stream<Path> classes = Files.list(packageDir)) {
                        for (Path c : classes.filter(p -> p.toString().endsWith(".class"))
                                .toList()) {
                            zip.putNextEntry(new JarEntry("io/skiff/launcher/sharing/" + c.getFileName()));
                            Files.copy(c, zip);
                            zip.closeEntry();
                        }
                    }
                }
            }
        }
        String jna = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> Path.of(p).getFileName().toString().matches("jna-\\d.*\\.jar"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("JNA is not on the test class path"));
        classPath = jar + File.pathSeparator + jna;
    }

    @Test
    void theReplacedProcessKeepsItsId() throws Exception {
        String output = run(List.of("-cp", classPath, SharingProbe.class.getName(), "exec"), 0);

        String pid = line(output, "pid=");
        assertThat(line(output, "replaced-pid=")).as(output).isEqualTo(pid);
        assertThat(output).doesNotContain("failed");
    }

    @Test
    void theArchiveWrittenAfterAStartIsMappedByTheNextJvm() throws Exception {
        Path archive = dir.resolve("classes.jsa");
        String written = run(
                List.of(
                        "-XX:+RecordDynamicDumpInfo",
                        "-Xlog:cds=off",
                        "-Xlog:cds+dynamic=off",
                        "-cp",
                        classPath,
                        SharingProbe.class.getName(),
                        "write",
                        archive.toString()),
                0);
        assertThat(archive).as(written).isRegularFile();
        assertThat(ClassArchive.failureMarker(archive)).doesNotExist();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }

        // -Xshare:on makes a JVM that cannot map the archive refuse to start.
        String mapped = run(
                List.of(
                        "-Xshare:on",
                        "-XX:SharedArchiveFile=" + archive,
                        "-Xlog:class+load=info",
                        "-cp",
                        classPath,
                        SharingProbe.class.getName(),
                        "check"),
                0);
        assertThat(mapped)
                .contains("probe ran")
                .contains(SharingProbe.class.getName() + " source: shared objects file (top)");
    }

    @Test
    void aJvmThatCannotWriteTheArchiveLeavesAMarkerSoLaterStartsStopTrying() throws Exception {
        Path archive = dir.resolve("classes.jsa");
        // Without -XX:+RecordDynamicDumpInfo HotSpot refuses the dump.
        String output = run(List.of("-cp", classPath, SharingProbe.class.getName(), "write", archive.toString()), 0);

        assertThat(archive).doesNotExist();
        assertThat(ClassArchive.failureMarker(archive)).as(output).isRegularFile();
        assertThat(output).contains("could not write the class archive");
    }

    private String run(List<String> arguments, int expectedExit) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.addAll(arguments);
        Path log = Files.createTempFile(dir, "probe", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("probe JVM did not finish in 60 s: " + command);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isEqualTo(expectedExit);
        return output;
    }

    private static String line(String output, String prefix) {
        return output.lines()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()).strip())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " line in: " + output));
    }
}
