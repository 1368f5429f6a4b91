package io.skiff.kubelet.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.cri.ContainerRuntimeException;
import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.ExecProcess;
import io.skiff.kubelet.cri.ExecResult;
import io.skiff.kubelet.cri.PodSandboxConfig;
import io.skiff.kubelet.cri.PodSandboxStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The process runtime with real host processes (sh, sleep, echo from the host). */
class ProcessRuntimeTest {

    private static final Pattern CRI_LINE =
            Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z (stdout|stderr) [FP] .*");

    @TempDir
    Path root;

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
    void aSandboxIsReadyWithTheHostsAddressUntilStopped() {
        PodSandboxStatus status = runtime.podSandboxStatus(sandbox).orElseThrow();
        assertThat(status.state()).isEqualTo(PodSandboxStatus.SandboxState.READY);
        assertThat(status.ips()).containsExactly("127.0.0.1");
        assertThat(status.metadata().uid()).isEqualTo("uid-web");

        runtime.stopPodSandbox(sandbox);

        assertThat(runtime.podSandboxStatus(sandbox).orElseThrow().state())
                .isEqualTo(PodSandboxStatus.SandboxState.NOTREADY);
        runtime.removePodSandbox(sandbox);
        assertThat(runtime.listPodSandboxes()).isEmpty();
    }

    @Test
    void outputGoesToTheLogInTheCriFormatLineByLine() throws Exception {
        String id = run("echo", "echo one; echo two >&2; printf 'no newline'");

        ContainerStatus exited = awaitExit(id);

        List<String> lines = Files.readAllLines(Path.of(exited.logPath()), StandardCharsets.UTF_8);
        assertThat(lines).allMatch(line -> CRI_LINE.matcher(line).matches());
        assertThat(lines)
                .extracting(line -> line.substring(line.indexOf(' ') + 1))
                .containsExactlyInAnyOrder("stdout F one", "stderr F two", "stdout F no newline");
        assertThat(exited.logPath()).endsWith("default_web_uid-web/echo/0.log");
    }

    @Test
    void aLineLongerThanSixteenKibibytesIsSplitIntoPartialEntries() throws Exception {
        String id = run("long", "head -c 40000 /dev/zero | tr '\\0' x; echo");

        ContainerStatus exited = awaitExit(id);

        List<String> lines = Files.readAllLines(Path.of(exited.logPath()));
        assertThat(lines).extracting(line -> line.split(" ")[2]).containsExactly("P", "P", "F");
        assertThat(lines.stream()
                        .mapToInt(line -> line.split(" ", 4)[3].length())
                        .sum())
                .isEqualTo(40000);
    }

    static Stream<Arguments> exits() {
        return Stream.of(
                Arguments.of("a command that succeeds completes", "exit 0", 0, "Completed"),
                Arguments.of("a command that fails is an error", "exit 3", 3, "Error"),
                Arguments.of("a process killed by a signal exits with 128 + the signal", "kill -9 $$", 137, "Error"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exits")
    void exitCodesAndReasons(String description, String script, int exitCode, String reason) {
        ContainerStatus exited = awaitExit(run("main", script));

        assertThat(exited.exitCode()).isEqualTo(exitCode);
        assertThat(exited.reason()).isEqualTo(reason);
        assertThat(exited.startedAt()).isNotNull();
        assertThat(exited.finishedAt()).isAfterOrEqualTo(exited.startedAt());
    }

    @Test
    void theEnvironmentAndWorkingDirectoryAreTheContainers() throws Exception {
        Path workDir = Files.createDirectories(root.resolve("work"));
        ContainerConfig config = config(
                "env",
                List.of("sh", "-c", "echo $GREETING $HOSTNAME $(pwd); env | grep -c KUBELET_SECRET || true"),
                workDir.toString(),
                List.of(new ContainerConfig.EnvVar("GREETING", "hi")));

        String id = runtime.createContainer(sandbox, config, sandboxConfig);
        runtime.startContainer(id);
        ContainerStatus exited = awaitExit(id);

        List<String> lines = Files.readAllLines(Path.of(exited.logPath()));
        assertThat(lines.get(0)).endsWith("stdout F hi web " + workDir.toRealPath());
        assertThat(lines.get(1))
                .as("the kubelet's own environment does not leak")
                .endsWith("stdout F 0");
    }

    @Test
    void stoppingSendsSigtermToTheWholeProcessTree() {
        String id = run("tree", "sleep 300 & sleep 301 & wait");
        ContainerStatus running = runtime.containerStatus(id).orElseThrow();
        assertThat(running.state()).isEqualTo(ContainerStatus.ContainerState.RUNNING);
        await().atMost(Duration.ofSeconds(5)).until(() -> sleepers("300", "301").size() == 2);

        long started = System.nanoTime();
        runtime.stopContainer(id, Duration.ofSeconds(20));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        ContainerStatus stopped = runtime.containerStatus(id).orElseThrow();
        assertThat(stopped.state()).isEqualTo(ContainerStatus.ContainerState.EXITED);
        assertThat(stopped.exitCode()).isEqualTo(143);
        await().atMost(Duration.ofSeconds(5)).until(() -> sleepers("300", "301").isEmpty());
    }

    @Test
    void aProcessThatIgnoresSigtermIsKilledOnceTheGracePeriodIsOver() {
        String id = run("stubborn", "trap '' TERM; echo ready; while true; do sleep 1; done");
        await().atMost(Duration.ofSeconds(5)).until(() -> logOf(id).contains("ready"));

        long started = System.nanoTime();
        runtime.stopContainer(id, Duration.ofSeconds(2));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(9));
        assertThat(runtime.containerStatus(id).orElseThrow().exitCode()).isEqualTo(137);
    }

    @Test
    void execRunsOnTheHostWithTheContainersEnvironment() {
        ContainerConfig config =
                config("svc", List.of("sleep", "60"), "", List.of(new ContainerConfig.EnvVar("MODE", "probe")));
        String id = runtime.createContainer(sandbox, config, sandboxConfig);
        runtime.startContainer(id);

        ExecResult ok =
                runtime.execSync(id, List.of("sh", "-c", "echo $MODE; echo oops >&2; exit 4"), Duration.ofSeconds(5));
        ExecResult slow = runtime.execSync(id, List.of("sleep", "30"), Duration.ofMillis(300));

        assertThat(new String(ok.stdout(), StandardCharsets.UTF_8)).isEqualTo("probe\n");
        assertThat(new String(ok.stderr(), StandardCharsets.UTF_8)).isEqualTo("oops\n");
        assertThat(ok.exitCode()).isEqualTo(4);
        assertThat(slow.timedOut()).isTrue();
        assertThat(slow.exitCode()).isEqualTo(-1);
    }

    @Test
    void aStreamingExecTakesStdinAndGivesItsOutputAndExitCode() throws Exception {
        String id = runtime.createContainer(
                sandbox,
                config("svc", List.of("sleep", "60"), "", List.of(new ContainerConfig.EnvVar("MODE", "streamed"))),
                sandboxConfig);
        runtime.startContainer(id);

        try (ExecProcess exec = runtime.exec(
                id, List.of("sh", "-c", "read line; echo \"$MODE:$line\"; echo oops >&2; exit 5"), false)) {
            exec.stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
            exec.stdin().close();

            assertThat(new String(exec.stdout().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("streamed:hello\n");
            assertThat(new String(exec.stderr().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("oops\n");
            assertThat(exec.exitCode().get(5, TimeUnit.SECONDS)).isEqualTo(5);
        }
    }

    @Test
    void aStreamingExecWithATtyRunsOnATerminal() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(HostExec.SCRIPT), "SKIPPED: a TTY needs util-linux's script, which is missing");
        String id =
                runtime.createContainer(sandbox, config("svc", List.of("sleep", "60"), "", List.of()), sandboxConfig);
        runtime.startContainer(id);

        try (ExecProcess exec =
                runtime.exec(id, List.of("sh", "-c", "test -t 0 && test -t 1 && echo 'on a terminal'; exit 2"), true)) {
            exec.stdin().close();

            assertThat(new String(exec.stdout().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("on a terminal\r\n");
            assertThat(exec.exitCode().get(5, TimeUnit.SECONDS)).isEqualTo(2);
        }
    }

    @Test
    void closingAStreamingExecKillsWhatItStarted() {
        String id =
                runtime.createContainer(sandbox, config("svc", List.of("sleep", "60"), "", List.of()), sandboxConfig);
        runtime.startContainer(id);

        ExecProcess exec = runtime.exec(id, List.of("sh", "-c", "sleep 4242 & sleep 4243"), false);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> sleepers("4242", "4243").size() == 2);
        exec.close();

        await().atMost(Duration.ofSeconds(5))
                .until(() -> sleepers("4242", "4243").isEmpty());
        assertThat(exec.exitCode()).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void aTerminalsCommandLineIsQuotedForScriptsShell() {
        assertThat(HostExec.onTerminal(List.of("echo", "it's", "$HOME")))
                .containsExactly("/usr/bin/script", "-q", "-e", "-f", "-c", "'echo' 'it'\\''s' '$HOME'", "/dev/null");
    }

    @Test
    void aContainerWithoutACommandCannotBeCreated() {
        ContainerConfig config = config("image-only", List.of(), "", List.of());

        assertThatThrownBy(() -> runtime.createContainer(sandbox, config, sandboxConfig))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessageContaining("cannot run an image's entrypoint");
    }

    @Test
    void processesLeftByARuntimeThatDiedAreKilledByTheNextOne() {
        String id = run("left", "exec sleep 302");
        await().atMost(Duration.ofSeconds(5)).until(() -> sleepers("302").size() == 1);
        ProcessHandle left = sleepers("302").get(0);

        ProcessRuntime next = new ProcessRuntime(root.resolve("runtime"), "127.0.0.1");
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> !left.isAlive());
            assertThat(next.listPodSandboxes()).isEmpty();
        } finally {
            next.close();
        }
        assertThat(runtime.containerStatus(id)).isPresent();
    }

    @Test
    void theImageServiceHasEveryImageAndPullsNothing() {
        ProcessImageService images = new ProcessImageService(root);

        assertThat(images.imageStatus("busybox:1.36").orElseThrow().id()).isEqualTo("process:busybox:1.36");
        assertThat(images.pullImage("127.0.0.1:5000/app:1", List.of())).isEqualTo("process:127.0.0.1:5000/app:1");
        assertThat(images.listImages())
                .extracting(i -> i.repoTags().get(0))
                .containsExactlyInAnyOrder("busybox:1.36", "127.0.0.1:5000/app:1");
    }

    private String run(String name, String script) {
        String id = runtime.createContainer(
                sandbox, config(name, List.of("sh", "-c", script), "", List.of()), sandboxConfig);
        runtime.startContainer(id);
        return id;
    }

    private ContainerStatus awaitExit(String id) {
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        runtime.containerStatus(id).orElseThrow().state() == ContainerStatus.ContainerState.EXITED);
        return runtime.containerStatus(id).orElseThrow();
    }

    private String logOf(String id) throws Exception {
        Path log = Path.of(runtime.containerStatus(id).orElseThrow().logPath());
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static List<ProcessHandle> sleepers(String... seconds) {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> Stream.of(seconds).anyMatch(s -> c.equals("sleep " + s) || c.endsWith("/sleep " + s)))
                        .orElse(false))
                .toList();
    }

    private static ContainerConfig config(
            String name, List<String> command, String workingDir, List<ContainerConfig.EnvVar> env) {
        return new ContainerConfig(
                name,
                0,
                "process:busybox:1.36",
                command,
                List.of(),
                workingDir,
                env,
                List.of(),
                Map.of(),
                Map.of(),
                name + "/0.log",
                new ContainerConfig.Resources(2, 100_000, 0, 0, 1000),
                new ContainerConfig.Security(null, null, List.of(), false, false, List.of(), List.of()));
    }
}
