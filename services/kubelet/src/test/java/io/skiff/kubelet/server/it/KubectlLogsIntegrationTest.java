package io.skiff.kubelet.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.ExecResult;
import io.skiff.kubelet.cri.PodSandboxConfig;
import io.skiff.kubelet.cri.PodSandboxStatus;
import io.skiff.kubelet.cri.RuntimeService;
import io.skiff.kubelet.crilog.CriLogFormat;
import io.skiff.kubelet.server.KubeletServerConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunctions;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * {@code kubectl logs} end to end: the real kubectl against a real API server, which proxies
 * pods/log to the kubelet's /containerLogs endpoint on 127.0.0.1, which reads a CRI-format log
 * file. No runtime that runs containers is on main yet (the process runtime comes with the
 * kubelet core), so the RuntimeService here is a stand-in that reports one sandbox with one
 * exited container whose log file the test writes in the runtimes' format (CriLogFormat).
 */
class KubectlLogsIntegrationTest {

    private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    static Path dir;

    private static ApiServerInstance server;
    private static DisposableServer kubelet;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        Path log = dir.resolve("pods/demo_web_uid/app/0.log");
        Files.createDirectories(log.getParent());
        Files.writeString(
                log,
                CriLogFormat.header(START, CriLogFormat.STDOUT, false) + "hello\n"
                        + CriLogFormat.header(START.plusMillis(1500), CriLogFormat.STDERR, false) + "warning\n"
                        + CriLogFormat.header(START.plusSeconds(2), CriLogFormat.STDOUT, true) + "good"
                        + "\n" + CriLogFormat.header(START.plusSeconds(3), CriLogFormat.STDOUT, false) + "bye\n");
        RuntimeService runtime = new OneContainerRuntime(log);
        kubelet = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle(new ReactorHttpHandlerAdapter(
                        RouterFunctions.toHttpHandler(KubeletServerConfiguration.routes(runtime))))
                .bindNow();

        server = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        KubeHttp http = new KubeHttp(server.baseUrl());
        http.createNamespace("demo");
        assertThat(http.post(
                                "/api/v1/nodes",
                                "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"node-1\"}}")
                        .code())
                .isEqualTo(201);
        String node = http.get("/api/v1/nodes/node-1").body().toString();
        String withStatus = node.replaceFirst(
                "}$",
                ",\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"127.0.0.1\"}],"
                        + "\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":" + kubelet.port() + "}}}}");
        assertThat(http.put("/api/v1/nodes/node-1/status", withStatus).code()).isEqualTo(200);
        assertThat(http.post(
                                "/api/v1/namespaces/demo/pods",
                                "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\"},"
                                        + "\"spec\":{\"nodeName\":\"node-1\",\"containers\":[{\"name\":\"app\",\"image\":\"busybox\"}]}}")
                        .code())
                .isEqualTo(201);
        kubectl = Kubectl.against(server.baseUrl(), dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (kubelet != null) {
            kubelet.disposeNow();
        }
    }

    @Test
    void kubectlLogsShowsTheContainersLines() {
        Kubectl.Result all = kubectl.run("logs", "-n", "demo", "web");
        assertThat(all.exitCode()).as(all.stderr()).isZero();
        assertThat(all.stdout()).isEqualTo("hello\nwarning\ngoodbye\n");
    }

    @Test
    void tailAndTimestampsReachTheKubelet() {
        Kubectl.Result tail = kubectl.run("logs", "-n", "demo", "web", "-c", "app", "--tail=2", "--timestamps");
        assertThat(tail.exitCode()).as(tail.stderr()).isZero();
        assertThat(tail.stdout()).isEqualTo("2024-05-01T10:00:01.5Z warning\n2024-05-01T10:00:02Z goodbye\n");
    }

    @Test
    void aMissingPreviousContainerIsTheKubeletsError() {
        Kubectl.Result previous = kubectl.run("logs", "-n", "demo", "web", "--previous");
        assertThat(previous.exitCode()).isNotZero();
        assertThat(previous.stderr()).contains("previous terminated container \"app\" in pod \"web\" not found");
    }

    /** One READY sandbox for demo/web with one exited container "app" logging to the given file. */
    private record OneContainerRuntime(Path log) implements RuntimeService {

        private static final String SANDBOX = "sandbox-1";

        @Override
        public List<PodSandboxStatus> listPodSandboxes() {
            return List.of(new PodSandboxStatus(
                    SANDBOX,
                    new PodSandboxConfig.PodSandboxMetadata("web", "uid", "demo", 0),
                    PodSandboxStatus.SandboxState.READY,
                    START,
                    List.of(),
                    Map.of()));
        }

        @Override
        public List<ContainerStatus> listContainers(String sandboxId) {
            return SANDBOX.equals(sandboxId) ? List.of(container()) : List.of();
        }

        @Override
        public Optional<ContainerStatus> containerStatus(String containerId) {
            return Optional.of(container()).filter(c -> c.id().equals(containerId));
        }

        private ContainerStatus container() {
            return new ContainerStatus(
                    "container-1",
                    SANDBOX,
                    "app",
                    0,
                    ContainerStatus.ContainerState.EXITED,
                    "busybox",
                    START,
                    START,
                    START.plusSeconds(4),
                    0,
                    "Completed",
                    null,
                    log.toString(),
                    Map.of());
        }

        @Override
        public String version() {
            return "stand-in://0";
        }

        @Override
        public String runPodSandbox(PodSandboxConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void stopPodSandbox(String sandboxId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removePodSandbox(String sandboxId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<PodSandboxStatus> podSandboxStatus(String sandboxId) {
            return listPodSandboxes().stream()
                    .filter(s -> s.id().equals(sandboxId))
                    .findFirst();
        }

        @Override
        public String createContainer(String sandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void startContainer(String containerId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void stopContainer(String containerId, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeContainer(String containerId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
            throw new UnsupportedOperationException();
        }
    }
}
