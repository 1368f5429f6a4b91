package io.skiff.kubelet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.kubelet.testing.KubeletInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl exec through the API server to a kubelet with the process runtime: output and
 * exit codes, stdin, a TTY, a chosen container, and Kubernetes' refusals.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KubectlExecIntegrationTest {

    private static final String NODE = "exec-it-node";
    private static final String NAMESPACE = "exec-it";

    @TempDir
    static Path root;

    private static ApiServerInstance apiServer;
    private static KubeletInstance kubelet;
    private static KubeHttp http;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws IOException {
        apiServer = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(apiServer.baseUrl());
        assertThat(http.createNamespace(NAMESPACE).code()).isEqualTo(201);
        kubelet = KubeletInstance.start(apiServer.baseUrl(), NODE, root, "--skiff.kubelet.node-lease-duration=4s");
        kubectl = Kubectl.against(apiServer.baseUrl(), Files.createDirectories(root.resolve("kubectl")));
        createSleepingPod("shell", NODE, "main", "sidecar");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode statuses = pod("shell").at("/status/containerStatuses");
            return statuses.size() == 2
                    && statuses.get(0).at("/state").has("running")
                    && statuses.get(1).at("/state").has("running");
        });
    }

    @AfterAll
    static void stop() {
        if (kubelet != null) {
            kubelet.close();
        }
        if (apiServer != null) {
            apiServer.close();
        }
    }

    @Test
    void outputComesBackAndTheExitCodeIsKubectls() {
        Kubectl.Result result = exec("shell", "--", "sh", "-c", "echo out; echo err >&2; exit 3");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).contains("err\n").contains("command terminated with exit code 3");
    }

    @Test
    void aSuccessfulCommandExitsZero() {
        Kubectl.Result result = exec("shell", "--", "echo", "hello world", "a+b&c=d");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("hello world a+b&c=d\n");
    }

    @Test
    void stdinIsTheCommandsUntilItEnds() {
        Kubectl.Result echo = kubectl.runWithInput("hi\n", "exec", "-i", "-n", NAMESPACE, "shell", "--", "cat");
        assertThat(echo.exitCode()).as(echo.stderr()).isZero();
        assertThat(echo.stdout()).isEqualTo("hi\n");

        String megabyte = "x".repeat(1_000_000);
        Kubectl.Result counted =
                kubectl.runWithInput(megabyte, "exec", "-i", "-n", NAMESPACE, "shell", "--", "wc", "-c");
        assertThat(counted.exitCode()).as(counted.stderr()).isZero();
        assertThat(counted.out()).isEqualTo("1000000");
    }

    @Test
    void theContainerCanBeChosen() {
        Kubectl.Result result = exec("shell", "-c", "sidecar", "--", "sh", "-c", "echo $CONTAINER");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("sidecar\n");
    }

    @Test
    void withATtyTheCommandRunsOnATerminal() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/script")),
                "SKIPPED: kubectl needs a terminal for -t, given here by util-linux's script, which is missing");
        String kubectlLine = String.join(
                " ",
                "kubectl",
                "--kubeconfig",
                root.resolve("kubectl/kubeconfig.yaml").toString(),
                "--cache-dir",
                root.resolve("kubectl/kube-cache").toString(),
                "exec",
                "-it",
                "-n",
                NAMESPACE,
                "shell",
                "--",
                "sh",
                "-c",
                "'test -t 0 && echo on-a-terminal; read line; echo got-$line; exit 4'");
        Process process = new ProcessBuilder("/usr/bin/script", "-q", "-e", "-f", "-c", kubectlLine, "/dev/null")
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(output).contains("on-a-terminal").contains("got-hello");
        assertThat(process.exitValue()).as(output).isEqualTo(4);
    }

    @Test
    void refusalsAreKubernetes() {
        Kubectl.Result missing = exec("missing", "--", "true");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("Error from server (NotFound): pods \"missing\" not found");

        Kubectl.Result wrongContainer = exec("shell", "-c", "nope", "--", "true");
        assertThat(wrongContainer.exitCode()).isNotZero();
        assertThat(wrongContainer.stderr())
                .contains("Error from server (BadRequest): container nope is not valid for pod shell");

        createSleepingPod("unscheduled", "", "main");
        Kubectl.Result unscheduled = exec("unscheduled", "--", "true");
        assertThat(unscheduled.exitCode()).isNotZero();
        assertThat(unscheduled.stderr())
                .contains("Error from server (BadRequest): pod unscheduled does not have a host assigned");
    }

    @Test
    void aContainerThatDoesNotRunCannotBeExecedInto() {
        createScriptPod("crasher", "Always", "exit 1");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> "CrashLoopBackOff"
                        .equals(pod("crasher")
                                .at("/status/containerStatuses/0/state/waiting/reason")
                                .asText()));

        Kubectl.Result result = exec("crasher", "--", "true");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr())
                .contains("Internal error occurred: unable to upgrade connection: container not found (\"main\")");

        createScriptPod("done", "Never", "true");
        awaitPhase("done", "Succeeded");
        Kubectl.Result completed = exec("done", "--", "true");
        assertThat(completed.stderr())
                .contains("cannot exec into a container in a completed pod; current phase is Succeeded");
    }

    @Test
    void aCommandThatCannotRunSaysWhy() {
        Kubectl.Result result = exec("shell", "--", "no-such-command-anywhere");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr())
                .contains("Internal error occurred: error executing command in container:")
                .contains("no-such-command-anywhere");
    }

    private static Kubectl.Result exec(String... args) {
        List<String> command = new ArrayList<>(List.of("exec", "-n", NAMESPACE));
        command.addAll(List.of(args));
        return kubectl.run(command.toArray(String[]::new));
    }

    /** A pod of long-sleeping containers, each with CONTAINER set to its name; "" for no node. */
    private static void createSleepingPod(String name, String node, String... containers) {
        StringBuilder list = new StringBuilder();
        for (String container : containers) {
            list.append(list.isEmpty() ? "" : ",").append("""
                    {"name": "%s", "image": "busybox:1.36", "command": ["sleep", "3600"],
                     "env": [{"name": "CONTAINER", "value": "%s"}]}""".formatted(container, container));
        }
        post(name, node, "Always", list.toString());
    }

    /** A pod on the node of one container "main" running {@code script}. */
    private static void createScriptPod(String name, String restartPolicy, String script) {
        post(name, NODE, restartPolicy, """
                {"name": "main", "image": "busybox:1.36", "command": ["sh", "-c", "%s"]}""".formatted(script));
    }

    private static void post(String name, String node, String restartPolicy, String containers) {
        KubeHttp.Reply created = http.post("/api/v1/namespaces/" + NAMESPACE + "/pods", """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "%s"},
                 "spec": {%s"restartPolicy": "%s", "terminationGracePeriodSeconds": 1,
                          "containers": [%s]}}
                """.formatted(
                        name, node.isEmpty() ? "" : "\"nodeName\": \"" + node + "\", ", restartPolicy, containers));
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
    }

    private static void awaitPhase(String name, String phase) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> phase.equals(pod(name).at("/status/phase").asText()));
    }

    private static JsonNode pod(String name) {
        return http.get("/api/v1/namespaces/" + NAMESPACE + "/pods/" + name).body();
    }
}
