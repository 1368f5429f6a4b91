package io.skiff.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.cri.ContainerRuntimeException;
import io.skiff.kubelet.cri.PodSandboxConfig;
import io.skiff.kubelet.cri.RuntimeService;
import io.skiff.kubelet.runtime.process.ProcessRuntime;
import io.skiff.kubelet.testing.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container log rotation as the kubelet's container log manager does it, on the process runtime
 * (real processes writing real CRI logs, reopened by the runtime after each rotation).
 */
class ContainerLogManagerTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path root;

    private final ManualClock clock = new ManualClock(NOW);
    private ProcessRuntime runtime;
    private PodSandboxConfig sandboxConfig;
    private String sandbox;

    @BeforeEach
    void start() {
        runtime = new ProcessRuntime(root.resolve("runtime"), "127.0.0.1");
        sandboxConfig = new PodSandboxConfig(
                new PodSandboxConfig.PodSandboxMetadata("web", "uid-web", "default", 0),
                "web",
                root.resolve("logs/default_web_uid-web").toString(),
                null,
                List.of(),
                false,
                null,
                Map.of(),
                Map.of(),
                "/kubepods/besteffort/poduid-web");
        sandbox = runtime.runPodSandbox(sandboxConfig);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void aLogPastItsMaxSizeIsRenamedAsideAndTheContainerGoesOnInANewFile() throws Exception {
        Path go = root.resolve("go");
        String id = run(
                "writer",
                "i=0; while [ $i -lt 200 ]; do echo line-$i; i=$((i+1)); done; "
                        + "n=0; while [ ! -f " + go + " ] && [ $n -lt 400 ]; do sleep 0.05; n=$((n+1)); done; "
                        + "echo after-rotation; sleep 60");
        Path log = logPath(id);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(log) && Files.readString(log).contains("line-199"));
        ContainerLogManager manager = manager(runtime, 1000, 5);

        manager.rotateLogs();
        Files.createFile(go);

        Path rotated = log.resolveSibling("0.log.20260102-030405");
        assertThat(rotated).exists();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("after-rotation"));
        assertThat(Files.readString(log)).doesNotContain("line-");
        assertThat(Files.readString(rotated)).contains("stdout F line-0\n").contains("stdout F line-199\n");
        assertThat(Files.readString(rotated)).doesNotContain("after-rotation");
    }

    @Test
    void aLogUnderItsMaxSizeStays() throws Exception {
        String id = run("quiet", "echo one; sleep 60");
        Path log = logPath(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log) && Files.size(log) > 0);

        manager(runtime, 1000, 5).rotateLogs();

        assertThat(files(log.getParent())).containsExactly("0.log");
    }

    @Test
    void olderRotatedFilesAreCompressedAndTheOldestRemovedToKeepMaxFiles() throws Exception {
        String id = run("busy", "sleep 60");
        Path log = logPath(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log));
        Path directory = log.getParent();
        write(directory.resolve("0.log.20260101-000001.gz"), "oldest");
        write(directory.resolve("0.log.20260101-000002.gz"), "older");
        write(directory.resolve("0.log.20260101-000003"), "newest rotated");
        write(directory.resolve("0.log.20260101-000002.gz.tmp"), "a compression that died");
        Files.writeString(log, "x".repeat(2000), StandardOpenOption.APPEND);

        manager(runtime, 1000, 4).rotateLogs();

        // maxFiles 4: the current log, the one just rotated and two older ones, compressed.
        assertThat(files(directory))
                .containsExactly(
                        "0.log", "0.log.20260101-000002.gz", "0.log.20260101-000003.gz", "0.log.20260102-030405");
        assertThat(gunzip(directory.resolve("0.log.20260101-000003.gz"))).isEqualTo("newest rotated");
        assertThat(Files.readString(directory.resolve("0.log.20260102-030405"))).endsWith("x".repeat(2000));
        assertThat(Files.size(log)).isZero();
    }

    @Test
    void whenTheRuntimeCannotReopenTheLogTheRenameIsUndone() throws Exception {
        String id = run("stuck", "sleep 60");
        Path log = logPath(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log));
        Files.writeString(log, "x".repeat(2000), StandardOpenOption.APPEND);

        manager(refusingToReopen(runtime), 1000, 5).rotateLogs();

        assertThat(files(log.getParent())).containsExactly("0.log");
        assertThat(Files.size(log)).isEqualTo(2000);
    }

    @Test
    void removingALogTakesItsRotatedFilesAlong() throws Exception {
        Path directory = Files.createDirectories(root.resolve("logs/default_web_uid-web/main"));
        for (String name : List.of("0.log", "0.log.20260101-000001.gz", "0.log.20260101-000002", "1.log")) {
            write(directory.resolve(name), name);
        }

        ContainerLogFiles.removeAll(directory.resolve("0.log"));

        assertThat(files(directory)).containsExactly("1.log");
    }

    private ContainerLogManager manager(RuntimeService runtime, long maxSize, int maxFiles) {
        return new ContainerLogManager(runtime, new LogRotatePolicy(maxSize, maxFiles), Duration.ofSeconds(10), clock);
    }

    /** The runtime, except that it cannot reopen logs. */
    private static RuntimeService refusingToReopen(RuntimeService runtime) {
        return (RuntimeService) Proxy.newProxyInstance(
                RuntimeService.class.getClassLoader(), new Class<?>[] {RuntimeService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("reopenContainerLog")) {
                        throw new ContainerRuntimeException("container is not running");
                    }
                    try {
                        return method.invoke(runtime, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private String run(String name, String script) {
        ContainerConfig config = new ContainerConfig(
                name,
                0,
                "process:busybox:1.36",
                List.of("sh", "-c", script),
                List.of(),
                "",
                List.of(),
                List.of(),
                Map.of(),
                Map.of(),
                name + "/0.log",
                new ContainerConfig.Resources(2, 100_000, 0, 0, 1000),
                new ContainerConfig.Security(null, null, List.of(), false, false, List.of(), List.of()));
        String id = runtime.createContainer(sandbox, config, sandboxConfig);
        runtime.startContainer(id);
        return id;
    }

    private Path logPath(String id) {
        return Path.of(runtime.containerStatus(id).orElseThrow().logPath());
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static List<String> files(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
