package io.skiff.launcher;

import static org.assertj.core.api.Assertions.assertThat;

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
                "0");
        ServerCommand server = (ServerCommand) parsed.subcommand().commandSpec().userObject();
        try (var context = server.start()) {
            HttpResponse<String> ready = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(Files.readString(dataDir.resolve("kubeconfig.yaml")))
                    .contains("server: http://127.0.0.1:" + port)
                    .contains("current-context: skiff");
            assertThat(Files.exists(dataDir.resolve("postgres/PG_VERSION"))).isTrue();

            int schedulerPort = ((WebServerApplicationContext)
                            context.component("scheduler").orElseThrow())
                    .getWebServer()
                    .getPort();
            HttpResponse<String> schedulerHealth = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + schedulerPort + "/actuator/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(schedulerHealth.statusCode()).isEqualTo(200);
            assertThat(schedulerHealth.body()).contains("\"status\":\"UP\"");
            assertThat(context.component("controller-manager")).isPresent();

            // The components work together through the API server: a ReplicaSet's pods are
            // created by the controller manager and bound by the scheduler.
            String api = "http://127.0.0.1:" + port;
            post(api + "/api/v1/nodes", """
                    {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-1"},
                     "status":{"allocatable":{"cpu":"4","memory":"8Gi","pods":"110"}}}""");
            post(api + "/apis/apps/v1/namespaces/default/replicasets", """
                    {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web"},
                     "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
                      "template":{"metadata":{"labels":{"app":"web"}},
                       "spec":{"containers":[{"name":"web","image":"nginx"}]}}}}""");
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() ->
                            get(api + "/api/v1/namespaces/default/pods").split("\"nodeName\":\"node-1\"", -1).length - 1
                                    == 2);
        }
    }

    @Test
    void unknownComponentsCannotBeDisabled() {
        CommandLine cli = new CommandLine(new SkiffMain());
        java.io.StringWriter err = new java.io.StringWriter();
        cli.setErr(new java.io.PrintWriter(err));
        int exit = cli.execute("server", "--data-dir", dataDir.toString(), "--disable", "schedular");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .contains("--disable: unknown component 'schedular' (choices: [controller-manager, scheduler])");
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

    private static void post(String url, String json) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
