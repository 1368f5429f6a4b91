package io.skiff.kubelet.runtime.runc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.cri.ContainerRuntimeException;
import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.ContainerStatus.ContainerState;
import io.skiff.kubelet.cri.ExecProcess;
import io.skiff.kubelet.cri.ExecResult;
import io.skiff.kubelet.cri.PodSandboxConfig;
import io.skiff.kubelet.cri.PodSandboxConfig.PodSandboxMetadata;
import io.skiff.kubelet.cri.PodSandboxConfig.PortMapping;
import io.skiff.kubelet.cri.PodSandboxStatus;
import io.skiff.kubelet.network.HostCommand;
import io.skiff.kubelet.network.NetworkNamespaces;
import io.skiff.kubelet.runtime.runc.ImageDefaults;
import io.skiff.kubelet.runtime.runc.RootfsSource;
import io.skiff.kubelet.runtime.runc.RuncProperties;
import io.skiff.kubelet.runtime.runc.RuncRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runc runtime on this machine: real sandboxes, containers and CNI networking, as root.
 *
 * <p>Network safety: the "node" is a network namespace this test creates ({@code skiff-it-*}),
 * configured as the runtime's node namespace. The CNI plugins run inside it, so the bridge, the
 * veths' host ends, the gateway address and any iptables rules exist only there; it has no
 * interface but loopback and the bridge, hence no route anywhere. Pod addresses come from
 * 10.244.250.0/24 with ipMasq off. Deleting the namespace at the end removes the bridge and veths;
 * the test then checks that the host has no trace of them.
 *
 * <p>Skipped, with the reason, when not root or when runc, the CNI plugins, busybox-static or
 * iproute2 are missing (.ci/run installs them).
 */
class RuncRuntimeIntegrationTest {

    private static final String POD_CIDR = "10.244.250.0/24";
    private static final String IMAGE = "busybox-static";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static Path work;
    private static String nodeNetns;
    private static String bridge;
    private static RootfsSource busybox;
    private static RuncRuntime runtime;
    private final List<String> sandboxes = new ArrayList<>();

    @BeforeAll
    static void startNode() throws IOException {
        requireHost();
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        work = Files.createTempDirectory("skiff-runc-it-");
        nodeNetns = "skiff-it-" + suffix;
        bridge = "skit" + suffix.substring(0, 6);
        new NetworkNamespaces(Duration.ofSeconds(10)).create(nodeNetns);
        HostCommand.of("ip", "netns", "exec", nodeNetns, "ip", "link", "set", "lo", "up")
                .runChecked();
        Path layer = busyboxLayer(work.resolve("layer"));
        busybox = new RootfsSource() {
            @Override
            public List<Path> layers(String imageId) {
                return List.of(layer);
            }

            @Override
            public ImageDefaults defaults(String imageId) {
                return new ImageDefaults(List.of(), List.of("sh"), List.of("PATH=/bin"), "/", "", "");
            }
        };
        runtime = new RuncRuntime(properties(work.resolve("root"), bridge), busybox);
    }

    private static RuncProperties properties(Path root, String bridgeName) {
        return new RuncProperties(
                root,
                "runc",
                List.of(Path.of("/usr/lib/cni")),
                "skiff-it",
                bridgeName,
                false,
                NetworkNamespaces.path(nodeNetns),
                "skiff-it",
                1024,
                Duration.ofSeconds(30));
    }

    @AfterEach
    void removeSandboxes() {
        sandboxes.forEach(runtime::removePodSandbox);
    }

    @AfterAll
    static void tearDownNode() throws IOException {
        if (runtime == null) {
            return;
        }
        runtime.close();
        try {
            Path root = work.resolve("root");
            assertThat(HostCommand.of("runc", "--root", root.resolve("runc").toString(), "list", "--quiet")
                            .runChecked()
                            .stdoutText()
                            .trim())
                    .as("runc containers left")
                    .isEmpty();
            assertThat(Files.readString(Path.of("/proc/self/mountinfo")))
                    .as("mounts left under the runtime's root")
                    .doesNotContain(root.toString());
            assertThat(HostCommand.of("ip", "netns", "list").runChecked().stdoutText())
                    .as("pod network namespaces left")
                    .doesNotContainPattern("skiff-[0-9a-f]{32}");
            assertThat(leases()).as("IPAM leases left").isEmpty();
            assertThat(list(root.resolve("sandboxes"))).isEmpty();
            assertThat(list(root.resolve("containers"))).isEmpty();
        } finally {
            new NetworkNamespaces(Duration.ofSeconds(10)).delete(nodeNetns);
            HostCommand.of("rm", "-rf", work.toString()).run();
        }
        assertThat(HostCommand.of("ip", "link", "show", bridge).run().exitCode())
                .as("the bridge never existed in the host's namespace")
                .isNotZero();
        assertThat(HostCommand.of("ip", "route", "show", "10.244.250.0/24")
                        .runChecked()
                        .stdoutText())
                .as("no route to the pod range in the host's namespace")
                .isBlank();
    }

    @Test
    void aContainersOutputEndsInItsCriLog() throws IOException {
        String sandbox = sandbox("echo", List.of());
        String container = run(sandbox, "echo", List.of("echo", "hello"), null);

        ContainerStatus status = awaitExit(container);

        assertThat(status.exitCode()).isZero();
        assertThat(status.reason()).isEqualTo("Completed");
        assertThat(status.startedAt()).isNotNull();
        assertThat(status.finishedAt()).isAfterOrEqualTo(status.startedAt());
        assertThat(Files.readAllLines(Path.of(status.logPath())))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z stdout F hello");
    }

    @Test
    void stderrAndAPartialLastLineAreLoggedToo() throws IOException {
        String sandbox = sandbox("streams", List.of());
        String container = run(sandbox, "streams", List.of("sh", "-c", "echo oops >&2; printf tail"), null);

        ContainerStatus status = awaitExit(container);

        assertThat(Files.readAllLines(Path.of(status.logPath())))
                .extracting(line -> line.substring(line.indexOf(' ') + 1))
                .containsExactlyInAnyOrder("stderr F oops", "stdout P tail");
    }

    @Test
    void afterLogRotationRenamedTheLogReopeningItSendsTheOutputToANewFile() throws IOException {
        String sandbox = sandbox("rotated", List.of());
        String container = run(
                sandbox,
                "rotated",
                List.of(
                        "sh",
                        "-c",
                        "echo before; n=0; while [ ! -f /tmp/go ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n+1)); done;"
                                + " echo after; sleep 60"),
                null);
        Path log = Path.of(runtime.containerStatus(container).orElseThrow().logPath());
        await().atMost(WAIT)
                .until(() -> Files.exists(log) && Files.readString(log).contains("before"));
        Path rotated = log.resolveSibling("0.log.20260102-030405");

        Files.move(log, rotated);
        runtime.reopenContainerLog(container);
        runtime.execSync(container, List.of("touch", "/tmp/go"), Duration.ofSeconds(20));

        await().atMost(WAIT).until(() -> Files.readString(log).contains("stdout F after"));
        assertThat(Files.readString(rotated)).contains("stdout F before").doesNotContain("after");
        runtime.stopContainer(container, Duration.ZERO);
        assertThatThrownBy(() -> runtime.reopenContainerLog(container))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessage("container is not running");
    }

    @Test
    void aContainerExitingWith3ReportsIt() {
        String sandbox = sandbox("exit", List.of());
        String container = run(sandbox, "exit", List.of("sh", "-c", "exit 3"), null);

        ContainerStatus status = awaitExit(container);

        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.reason()).isEqualTo("Error");
    }

    @Test
    void exceedingTheMemoryLimitIsOomKilled() {
        Assumptions.assumeTrue(
                Files.exists(Path.of("/sys/fs/cgroup/memory/memory.oom_control"))
                        || Files.exists(Path.of("/sys/fs/cgroup/memory.events"))
                        || Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")),
                "SKIPPED: no memory cgroup controller to limit and count OOM kills with");
        String sandbox = sandbox("oom", List.of());
        // dd allocates its block buffer in one piece: 64 MiB against a 16 MiB limit.
        String container = run(
                sandbox,
                "oom",
                List.of("dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1"),
                new ContainerConfig.Resources(2, 0, 0, 16L * 1024 * 1024, 0));

        ContainerStatus status = awaitExit(container);

        assertThat(status.reason()).isEqualTo("OOMKilled");
        assertThat(status.exitCode()).isEqualTo(137);
    }

    @Test
    void aStartFailureIsReportedAsStartError() {
        String sandbox = sandbox("nope", List.of());
        String container = runtime.createContainer(
                sandbox, container("nope", List.of("/no/such/binary"), null), config("nope", List.of()));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> runtime.startContainer(container))
                .hasMessageContaining("no/such/binary");
        ContainerStatus status = runtime.containerStatus(container).orElseThrow();
        assertThat(status.state()).isEqualTo(ContainerState.EXITED);
        assertThat(status.reason()).isEqualTo("StartError");
        assertThat(status.exitCode()).isEqualTo(128);
    }

    @Test
    void twoPodsOnTheNodeBridgeReachEachOtherByPodIp() {
        String a = sandbox("pod-a", List.of());
        String b = sandbox("pod-b", List.of());
        String ipA = podIp(a);
        String ipB = podIp(b);
        assertThat(List.of(ipA, ipB))
                .allMatch(ip -> ip.startsWith("10.244.250."))
                .doesNotHaveDuplicates();

        run(a, "server", List.of("sh", "-c", "echo hello-from-a | nc -l -p 8080"), null);
        String ping = run(b, "ping", List.of("ping", "-c", "1", "-W", "5", ipA), null);
        String client = run(
                b,
                "client",
                List.of(
                        "sh",
                        "-c",
                        "for i in 1 2 3 4 5 6 7 8 9 10; do nc -w 3 " + ipA + " 8080 && exit 0; sleep 1; done; exit 1"),
                null);

        assertThat(awaitExit(ping).exitCode()).as("ping from b to a").isZero();
        ContainerStatus fetched = awaitExit(client);
        assertThat(fetched.exitCode()).as("nc from b to a").isZero();
        assertThat(logOf(fetched)).contains("stdout F hello-from-a");
    }

    @Test
    void aHostPortReachesThePodThroughTheNode() {
        String sandbox = sandbox("web", List.of(new PortMapping("TCP", 8080, 18080, null)));
        String server = run(sandbox, "server", List.of("sh", "-c", "echo via-hostport | nc -l -p 8080"), null);
        awaitRunning(server);

        // From the node (its namespace), to its own address on the bridge: portmap DNATs it to the pod.
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(HostCommand.of(
                                        "ip",
                                        "netns",
                                        "exec",
                                        nodeNetns,
                                        "busybox",
                                        "nc",
                                        "-w",
                                        "3",
                                        "10.244.250.1",
                                        "18080")
                                .timeout(Duration.ofSeconds(10))
                                .run()
                                .stdoutText())
                        .contains("via-hostport"));
    }

    @Test
    void stoppingSendsSigtermThenSigkillAfterTheGracePeriod() {
        String sandbox = sandbox("stop", List.of());
        // PID 1 without a handler ignores SIGTERM: only the SIGKILL after the grace period ends it.
        String sleeper = run(sandbox, "sleeper", List.of("sleep", "600"), null);
        String polite = run(
                sandbox,
                "polite",
                List.of("sh", "-c", "trap 'echo terminated; exit 0' TERM; echo trap set; while true; do sleep 1; done"),
                null);
        awaitRunning(sleeper);
        awaitRunning(polite);
        // Running is not yet trapping: on a loaded machine the shell may not have read its trap.
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() ->
                        logOf(runtime.containerStatus(polite).orElseThrow()).contains("trap set"));

        runtime.stopContainer(polite, Duration.ofSeconds(20));
        runtime.stopContainer(sleeper, Duration.ofSeconds(1));

        ContainerStatus politeStatus = runtime.containerStatus(polite).orElseThrow();
        assertThat(politeStatus.state()).isEqualTo(ContainerState.EXITED);
        assertThat(politeStatus.exitCode()).as("the trap ran").isZero();
        assertThat(logOf(politeStatus)).contains("stdout F terminated");
        ContainerStatus sleeperStatus = runtime.containerStatus(sleeper).orElseThrow();
        assertThat(sleeperStatus.state()).isEqualTo(ContainerState.EXITED);
        assertThat(sleeperStatus.exitCode()).as("128 + SIGKILL").isEqualTo(137);
        assertThat(Duration.between(sleeperStatus.startedAt(), sleeperStatus.finishedAt()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void execRunsInTheContainerWithThePodsHostnameAndFiles() {
        String sandbox = sandbox("exec-pod", List.of());
        String container = run(sandbox, "main", List.of("sleep", "600"), null);
        awaitRunning(container);

        ExecResult result = runtime.execSync(
                container,
                List.of("sh", "-c", "hostname; cat /etc/hostname; echo err >&2; exit 4"),
                Duration.ofSeconds(20));
        ExecResult hosts = runtime.execSync(container, List.of("cat", "/etc/hosts"), Duration.ofSeconds(20));
        ExecResult timedOut = runtime.execSync(container, List.of("sleep", "60"), Duration.ofSeconds(1));

        assertThat(new String(result.stdout(), StandardCharsets.UTF_8)).isEqualTo("exec-pod\nexec-pod\n");
        assertThat(new String(result.stderr(), StandardCharsets.UTF_8)).isEqualTo("err\n");
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.timedOut()).isFalse();
        assertThat(new String(hosts.stdout(), StandardCharsets.UTF_8)).contains(podIp(sandbox) + "\texec-pod");
        assertThat(timedOut.timedOut()).isTrue();
        assertThat(timedOut.exitCode()).isEqualTo(-1);
        assertThat(runtime.containerStatus(container).orElseThrow().state()).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void aStreamingExecTakesStdinAndGivesOutputAndTheExitCode() throws Exception {
        String sandbox = sandbox("stream-pod", List.of());
        String container = run(sandbox, "main", List.of("sleep", "600"), null);
        awaitRunning(container);

        try (ExecProcess exec = runtime.exec(
                container, List.of("sh", "-c", "read line; echo \"$(hostname):$line\"; echo err >&2; exit 6"), false)) {
            exec.stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
            exec.stdin().close();

            assertThat(new String(exec.stdout().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("stream-pod:hello\n");
            assertThat(new String(exec.stderr().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("err\n");
            assertThat(exec.exitCode().get(20, TimeUnit.SECONDS)).isEqualTo(6);
        }
        try (ExecProcess missing = runtime.exec(container, List.of("no-such-binary"), false)) {
            assertThat(missing.exitCode())
                    .failsWithin(Duration.ofSeconds(20))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(ContainerRuntimeException.class)
                    .withMessageContaining("no-such-binary");
        }
        assertThatThrownBy(() -> runtime.exec(container, List.of("sh"), true))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessageContaining("cannot give exec a TTY");
    }

    @Test
    void containersOfAPodShareItsIpcNamespace() {
        String sandbox = sandbox("ipc", List.of());
        String first = run(sandbox, "first", List.of("sleep", "600"), null);
        String second = run(sandbox, "second", List.of("sleep", "600"), null);
        awaitRunning(first);
        awaitRunning(second);

        assertThat(namespace(first, "ipc")).isEqualTo(namespace(second, "ipc"));
        assertThat(namespace(first, "uts")).isEqualTo(namespace(second, "uts"));
        assertThat(namespace(first, "net")).isEqualTo(namespace(second, "net"));
        assertThat(namespace(first, "pid"))
                .as("each container has its own PID namespace")
                .isNotEqualTo(namespace(second, "pid"));
    }

    @Test
    void aHostNetworkPodJoinsTheNodesNamespace() {
        sandbox("pod-net", List.of()); // the bridge exists once a pod is attached
        String sandbox = runtime.runPodSandbox(new PodSandboxConfig(
                new PodSandboxMetadata("host-net", UUID.randomUUID().toString(), "default", 0),
                "node-1",
                work.resolve("logs/host-net").toString(),
                null,
                List.of(),
                true,
                null,
                Map.of(),
                Map.of(),
                null));
        sandboxes.add(sandbox);
        String container = run(sandbox, "links", List.of("cat", "/proc/net/dev"), null);

        assertThat(runtime.podSandboxStatus(sandbox).orElseThrow().ips()).isEmpty();
        assertThat(awaitExit(container).exitCode()).isZero();
        assertThat(logOf(runtime.containerStatus(container).orElseThrow())).contains(bridge + ":");
    }

    @Test
    void removingASandboxReleasesItsNamespaceAndAddress() throws IOException {
        String sandbox = sandbox("short", List.of());
        String ip = podIp(sandbox);
        run(sandbox, "sleeper", List.of("sleep", "600"), null);
        assertThat(NetworkNamespaces.path("skiff-" + sandbox)).exists();
        assertThat(leases()).contains(ip);

        runtime.stopPodSandbox(sandbox);
        assertThat(runtime.podSandboxStatus(sandbox).orElseThrow().state())
                .isEqualTo(PodSandboxStatus.SandboxState.NOTREADY);
        assertThat(runtime.listContainers(sandbox)).allMatch(c -> c.state() == ContainerState.EXITED);
        runtime.stopPodSandbox(sandbox);
        runtime.removePodSandbox(sandbox);
        sandboxes.remove(sandbox);

        assertThat(NetworkNamespaces.path("skiff-" + sandbox)).doesNotExist();
        assertThat(leases()).doesNotContain(ip);
        assertThat(runtime.listContainers(sandbox)).isEmpty();
        assertThat(runtime.podSandboxStatus(sandbox)).isEmpty();
    }

    @Test
    void aRestartedRuntimeRemovesWhatTheLastOneLeft() throws IOException {
        // Its own root, bridge and pod range, apart from the other tests' runtime.
        Path root = work.resolve("crashed-root");
        RuncRuntime crashed = new RuncRuntime(properties(root, bridge + "c"), busybox);
        String sandbox = crashed.runPodSandbox(config("crashed", List.of(), "10.244.251.0/24"));
        String container = crashed.createContainer(
                sandbox, container("sleeper", List.of("sleep", "600"), null), config("crashed", List.of()));
        crashed.startContainer(container);
        assertThat(NetworkNamespaces.path("skiff-" + sandbox)).exists();

        // The kubelet died without closing its runtime; the next one starts on the same root.
        RuncRuntime restarted = new RuncRuntime(properties(root, bridge + "c"), busybox);
        try {
            assertThat(NetworkNamespaces.path("skiff-" + sandbox)).doesNotExist();
            assertThat(HostCommand.of("runc", "--root", root.resolve("runc").toString(), "list", "--quiet")
                            .runChecked()
                            .stdoutText())
                    .isBlank();
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(root.toString());
            assertThat(list(root.resolve("sandboxes"))).isEmpty();
            assertThat(list(root.resolve("containers"))).isEmpty();
            assertThat(leases(root)).isEmpty();
            assertThat(restarted.listPodSandboxes()).isEmpty();
        } finally {
            restarted.close();
            crashed.close();
        }
    }

    @Test
    void theVersionNamesRunc() {
        assertThat(runtime.version()).matches("runc://\\d+\\.\\d+\\.\\d+.*");
    }

    // ---- helpers ----

    private String sandbox(String name, List<PortMapping> ports) {
        String id = runtime.runPodSandbox(config(name, ports));
        sandboxes.add(id);
        return id;
    }

    private static PodSandboxConfig config(String name, List<PortMapping> ports) {
        return config(name, ports, POD_CIDR);
    }

    private static PodSandboxConfig config(String name, List<PortMapping> ports, String podCidr) {
        return new PodSandboxConfig(
                new PodSandboxMetadata(name, UUID.randomUUID().toString(), "default", 0),
                name,
                work.resolve("logs").resolve(name).toString(),
                new PodSandboxConfig.DnsConfig(
                        List.of("10.96.0.10"), List.of("default.svc.cluster.local"), List.of("ndots:5")),
                ports,
                false,
                podCidr,
                Map.of(),
                Map.of(),
                null);
    }

    private static ContainerConfig container(String name, List<String> command, ContainerConfig.Resources resources) {
        return new ContainerConfig(
                name,
                0,
                IMAGE,
                command,
                List.of(),
                "",
                List.of(),
                List.of(),
                Map.of(),
                Map.of(),
                name + "/0.log",
                resources,
                null);
    }

    private String run(String sandbox, String name, List<String> command, ContainerConfig.Resources resources) {
        PodSandboxConfig config = runtime.podSandboxStatus(sandbox)
                .map(status -> config(status.metadata().name(), List.of()))
                .orElseThrow();
        String id = runtime.createContainer(sandbox, container(name, command, resources), config);
        runtime.startContainer(id);
        return id;
    }

    private static String podIp(String sandbox) {
        return runtime.podSandboxStatus(sandbox).orElseThrow().ips().get(0);
    }

    private static ContainerStatus awaitExit(String container) {
        return await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> runtime.containerStatus(container).orElseThrow(), s -> s.state() == ContainerState.EXITED);
    }

    private static void awaitRunning(String container) {
        assertThat(runtime.containerStatus(container).orElseThrow().state()).isEqualTo(ContainerState.RUNNING);
    }

    private static String logOf(ContainerStatus status) {
        try {
            return Files.readString(Path.of(status.logPath()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String namespace(String container, String type) {
        ExecResult link =
                runtime.execSync(container, List.of("readlink", "/proc/self/ns/" + type), Duration.ofSeconds(20));
        return new String(link.stdout(), StandardCharsets.UTF_8).trim();
    }

    /** host-local keeps one file per leased address, named by it. */
    private static List<String> leases() throws IOException {
        return leases(work.resolve("root"));
    }

    private static List<String> leases(Path root) throws IOException {
        Path network = root.resolve("cni/ipam/skiff-it");
        if (!Files.isDirectory(network)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(network)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.matches("\\d+\\.\\d+\\.\\d+\\.\\d+"))
                    .toList();
        }
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList();
        }
    }

    /** A one-layer image: busybox-static and a link for each of its applets, plus passwd and group. */
    private static Path busyboxLayer(Path layer) throws IOException {
        Path bin = Files.createDirectories(layer.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        String applets = HostCommand.of("/bin/busybox", "--list").runChecked().stdoutText();
        for (String applet : applets.split("\n")) {
            if (!applet.isBlank() && !applet.equals("busybox")) {
                Files.createSymbolicLink(bin.resolve(applet.trim()), Path.of("busybox"));
            }
        }
        Path etc = Files.createDirectories(layer.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nnogroup:x:65534:\n");
        Files.createDirectories(layer.resolve("tmp"));
        return layer;
    }

    private static void requireHost() {
        boolean root;
        try {
            root = Integer.valueOf(0)
                    .equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException e) {
            root = false;
        }
        skipUnless(root, "the runc runtime needs root (namespaces, mounts, cgroups)");
        skipUnless(runs("runc", "--version"), "runc is not installed (apt-get install runc)");
        skipUnless(
                Files.isExecutable(Path.of("/usr/lib/cni/bridge")),
                "the CNI plugins are not installed in /usr/lib/cni (apt-get install containernetworking-plugins)");
        skipUnless(
                Files.isExecutable(Path.of("/bin/busybox")) && runs("/bin/busybox", "--list"),
                "busybox is not installed (apt-get install busybox-static)");
        skipUnless(runs("ip", "-V"), "iproute2 is not installed (apt-get install iproute2)");
    }

    private static boolean runs(String... argv) {
        try {
            return HostCommand.of(argv).timeout(Duration.ofSeconds(10)).run().exitCode() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            System.err.println("SKIPPING RuncRuntimeIntegrationTest: " + reason);
        }
        Assumptions.assumeTrue(condition, "SKIPPED: " + reason);
    }
}
