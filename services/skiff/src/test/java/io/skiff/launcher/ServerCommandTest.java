package io.skiff.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TlsClientContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import picocli.CommandLine;

/** `skiff server` as a user runs it: a working API server and a kubeconfig pointing at it. */
class ServerCommandTest {

    @TempDir
    Path dataDir;

    @Test
    void serverWritesAKubeconfigAndServes() throws Exception {
        int port = freePort();
        CommandLine cli = new CommandLine(new SkiffMain());
        CommandLine.ParseResult parsed = cli.parseArgs(
                "server",
                "--data-dir",
                dataDir.toString(),
                "--port",
                Integer.toString(port),
                "--management-port",
                Integer.toString(freePort()),
                "--scheduler-port",
                "0",
                "--controller-manager-port",
                "0",
                "--ingress-http-port",
                "0",
                "--ingress-https-port",
                "0",
                "--ingress-controller-port",
                "0",
                "--runtime",
                "process",
                "--node-name",
                "test-node",
                "--kubelet-port",
                "0",
                "--dns-port",
                "0",
                "--dns-metrics-port",
                "0",
                // The proxy would program this machine's own netfilter and routes (DESIGN.md §5).
                "--disable",
                "proxy");
        ServerCommand server = (ServerCommand) parsed.subcommand().commandSpec().userObject();
        try (var context = server.start()) {
            // /readyz answers anyone who trusts the cluster CA, without a client certificate.
            HttpResponse<String> ready = HttpClient.newBuilder()
                    .sslContext(TlsClientContext.of(AdminClients.authority(dataDir), null))
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(AdminClients.url(port) + "/readyz"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            Path kubeconfig = dataDir.resolve("kubeconfig.yaml");
            assertThat(Files.readString(kubeconfig))
                    .contains("server: https://127.0.0.1:" + port)
                    .contains("certificate-authority-data: ")
                    .contains("client-certificate-data: ")
                    .contains("current-context: skiff");
            Kubectl.Result whoami = Kubectl.withKubeconfig(kubeconfig, dataDir).run("auth", "whoami");
            assertThat(whoami.exitCode()).as(whoami.stderr()).isZero();
            assertThat(whoami.out()).contains("system:admin").contains("[system:masters system:authenticated]");
            assertThat(Files.exists(dataDir.resolve("postgres/PG_VERSION"))).isTrue();

            assertThat(health(context, "scheduler")).contains("\"status\":\"UP\"");
            // Ready once its informers have listed.
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(health(context, "scheduler", "/actuator/health/readiness"))
                            .contains("\"informers\"")
                            .contains("\"Node\":\"synced at ")
                            .doesNotContain("waiting for its first list"));
            assertThat(context.component("controller-manager")).isPresent();

            assertThat(health(context, "kubelet")).contains("\"status\":\"UP\"");
            assertThat(health(context, "dns")).contains("\"status\":\"UP\"");
            assertThat(health(context, "ingress-controller")).contains("\"status\":\"UP\"");

            // The components work together through the API server: the kubelet registers this
            // machine as a node, a ReplicaSet's pods are created by the controller manager, bound
            // by the scheduler and run by the kubelet (as host processes: --runtime process).
            KubeHttp http = AdminClients.http(dataDir, port);
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() ->
                            conditionTrue(http.get("/api/v1/nodes/test-node").body(), "Ready"));
            http.post("/apis/apps/v1/namespaces/default/replicasets", """
                    {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web"},
                     "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
                      "template":{"metadata":{"labels":{"app":"web"}},
                       "spec":{"terminationGracePeriodSeconds":1,
                        "containers":[{"name":"web","image":"busybox","command":["sleep","120"]}]}}}}""");
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> {
                        int running = 0;
                        for (JsonNode pod : http.get("/api/v1/namespaces/default/pods")
                                .body()
                                .path("items")) {
                            if (pod.at("/spec/nodeName").asText().equals("test-node")
                                    && pod.at("/status/phase").asText().equals("Running")
                                    && conditionTrue(pod, "Ready")) {
                                running++;
                            }
                        }
                        return running == 2;
                    });
            // kubectl exec: the API server reaches the kubelet over TLS with its kubelet client
            // certificate, which the kubelet checks with a SubjectAccessReview.
            String pod = http.get("/api/v1/namespaces/default/pods")
                    .body()
                    .path("items")
                    .get(0)
                    .at("/metadata/name")
                    .asText();
            Kubectl.Result exec =
                    Kubectl.withKubeconfig(kubeconfig, dataDir).run("exec", pod, "--", "echo", "through-tls");
            assertThat(exec.exitCode()).as(exec.stderr()).isZero();
            assertThat(exec.stdout()).isEqualTo("through-tls\n");
            PodTeardown.deleteAndAwait(http, "/apis/apps/v1/namespaces/default/replicasets/web", "default");
        }
    }

    @Test
    void runtimeChoicesAreChecked() {
        assertThat(execute("server", "--data-dir", dataDir.toString(), "--runtime", "docker"))
                .contains("--runtime: unknown runtime 'docker' (choices: runc, process, hollow)");
        assertThat(execute("server", "--data-dir", dataDir.toString(), "--runtime", "process", "--hollow-nodes", "5"))
                .contains("--hollow-nodes needs --runtime hollow");
        assertThat(execute("server", "--data-dir", dataDir.toString(), "--runtime", "hollow", "--hollow-nodes", "0"))
                .contains("--hollow-nodes must be at least 1, got 0");
        assertThat(execute("server", "--data-dir", dataDir.toString(), "--kubelet-arg", "max-pods"))
                .contains("--kubelet-arg: expected NAME=VALUE, got 'max-pods'");
        assertThat(execute("server", "--data-dir", dataDir.toString(), "--proxy-mode", "ipvs"))
                .contains("--proxy-mode: unknown mode 'ipvs' (choices: iptables, userspace)");
        assertThat(execute("server", "--data-dir", dataDir.toString(), "--proxy-arg", "masquerade-all"))
                .contains("--proxy-arg: expected NAME=VALUE, got 'masquerade-all'");
        assertThat(execute("server", "--data-dir", dataDir.toString(), "--ingress-arg", "read-timeout"))
                .contains("--ingress-arg: expected NAME=VALUE, got 'read-timeout'");
    }

    @Test
    void plainHttpIsOnlyForLoopback() {
        assertThat(execute("server", "--data-dir", dataDir.toString(), "--plain-http", "--bind-address", "0.0.0.0"))
                .contains("--plain-http: only with a loopback --bind-address (got 0.0.0.0)");
    }

    @Test
    void unknownComponentsCannotBeDisabled() {
        assertThat(execute("server", "--data-dir", dataDir.toString(), "--disable", "schedular"))
                .contains(
                        "--disable: unknown component 'schedular' (choices: [controller-manager, dns, ingress-controller, kubelet, proxy, scheduler])");
    }

    /** Runs the command line, expects it to be refused as a usage error and returns its message. */
    private static String execute(String... args) {
        CommandLine cli = new CommandLine(new SkiffMain());
        java.io.StringWriter err = new java.io.StringWriter();
        cli.setErr(new java.io.PrintWriter(err));
        assertThat(cli.execute(args)).as(err.toString()).isEqualTo(2);
        return err.toString();
    }

    private static String health(RunningServer context, String component) throws Exception {
        return health(context, component, "/actuator/health");
    }

    private static String health(RunningServer context, String component, String path) throws Exception {
        int componentPort = ((WebServerApplicationContext)
                        context.component(component).orElseThrow())
                .getWebServer()
                .getPort();
        // The kubelet's port serves HTTPS with a self-signed certificate; the others plain HTTP.
        boolean kubelet = component.equals("kubelet");
        HttpResponse<String> response = HttpClient.newBuilder()
                .sslContext(TlsClientContext.anyServer(null))
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        (kubelet ? "https" : "http") + "://127.0.0.1:" + componentPort + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static boolean conditionTrue(JsonNode object, String type) {
        for (JsonNode condition : object.at("/status/conditions")) {
            if (condition.path("type").asText().equals(type)) {
                return condition.path("status").asText().equals("True");
            }
        }
        return false;
    }

    @Test
    void helpReadsLikeARealTool() {
        String usage = new CommandLine(new SkiffMain()).getUsageMessage();
        assertThat(usage).contains("Usage: skiff").contains("server").contains("lightweight Kubernetes");
        String server =
                new CommandLine(new SkiffMain()).getSubcommands().get("server").getUsageMessage();
        assertThat(server)
                .contains("--data-dir")
                .contains("--datastore-endpoint")
                .contains("--port");
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
