package io.skiff.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.pki.PemFiles;
import io.skiff.apiserver.pki.PublicKeyPin;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.launcher.join.JoinToken;
import io.skiff.launcher.join.ServerJoinToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code skiff agent} joining a {@code skiff server} (HTTPS, Node and RBAC authorization) that runs
 * no kubelet of its own, both in this JVM as they would run on two machines: the server issues its
 * join token; the agent trusts the server's CA by the token's pin, obtains its node's client
 * certificate through a CertificateSigningRequest the server's controllers approve and sign, and
 * its kubelet (process runtime) registers the node, turns Ready and runs a Deployment's pods. An
 * agent with a wrong token, an unknown one, another cluster's CA pin, hollow nodes, or no server
 * to reach stops with one line. The server's token is reused, and its Secret recreated when it
 * was deleted.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentJoinIntegrationTest {

    private static final String NAMESPACE = "joined";
    private static final int REPLICAS = 2;

    private static final String DEPLOYMENT = """
            {"apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": {"name": "web", "namespace": "joined"},
             "spec": {"replicas": %d,
                      "selector": {"matchLabels": {"app": "web"}},
                      "template": {"metadata": {"labels": {"app": "web"}},
                                   "spec": {"terminationGracePeriodSeconds": 1,
                                            "volumes": [{"name": "creds", "secret": {"secretName": "web-creds"}}],
                                            "containers": [{"name": "web", "image": "busybox",
                                                            "command": ["sleep", "120"],
                                                            "envFrom": [{"configMapRef": {"name": "web-config"}}],
                                                            "volumeMounts": [{"name": "creds",
                                                                              "mountPath": "/creds"}]}]}}}}
            """.formatted(REPLICAS);

    @TempDir
    Path serverDir;

    @TempDir
    Path agentDir;

    @Test
    void anAgentJoinsWithTheServersTokenAndRunsItsPods() throws Exception {
        int port = freePort();
        String server = AdminClients.url(port);
        try (RunningServer ignored = startServer(port)) {
            KubeHttp http = AdminClients.http(serverDir, port);
            Path tokenFile = serverDir.resolve("server/token");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
                    .isEqualTo("rw-------");
            JoinToken token = JoinToken.parse(Files.readString(tokenFile));
            JsonNode secret = http.get("/api/v1/namespaces/kube-system/secrets/" + token.secretName())
                    .body();
            assertThat(secret.path("type").asText()).isEqualTo("bootstrap.kubernetes.io/token");

            assertThat(token.authority())
                    .as("the token carries the cluster CA's pin")
                    .isEqualTo(PublicKeyPin.of(PemFiles.readCertificate(AdminClients.authority(serverDir))));
            Joined wrong = joinFails(server, new JoinToken(token.id(), "0".repeat(16), token.authority()).joinValue());
            assertThat(wrong.exitCode()).isEqualTo(1);
            assertThat(wrong.err())
                    .isEqualTo("skiff agent: the server at " + server + " does not accept join token \"" + token.id()
                            + "\": it is unknown there, its secret is wrong, it expired or it is not for"
                            + " authentication (on the server: kubectl -n kube-system get secret "
                            + token.secretName() + ")");
            Joined unknown = joinFails(server, new JoinToken("zzzzzz", token.secret(), token.authority()).joinValue());
            assertThat(unknown.exitCode()).isEqualTo(1);
            assertThat(unknown.err())
                    .startsWith("skiff agent: the server at " + server + " does not accept join token" + " \"zzzzzz\"");
            Joined hollow = joinFails(server, token.joinValue(), "--runtime", "hollow");
            assertThat(hollow.exitCode()).isEqualTo(2);
            assertThat(hollow.err())
                    .startsWith("--runtime hollow: an HTTPS server authorizes each kubelet for its own" + " node only");
            Joined otherCluster = joinFails(
                    server, token.pinnedTo(new PublicKeyPin("0".repeat(64))).joinValue());
            assertThat(otherCluster.exitCode()).isEqualTo(1);
            assertThat(otherCluster.err())
                    .isEqualTo("skiff agent: the server at " + server + " shows no certificate authority with the"
                            + " token's CA hash sha256:" + "0".repeat(64) + ": the token is another cluster's, or"
                            + " something between this machine and the server answers in its place");
            String nowhere = AdminClients.url(freePort());
            Joined unreachable = joinFails(nowhere, token.joinValue());
            assertThat(unreachable.exitCode()).isEqualTo(1);
            assertThat(unreachable.err())
                    .startsWith("skiff agent: server unreachable: cannot reach " + nowhere + ": ")
                    .endsWith(": connection refused")
                    .doesNotContain("\n");

            try (RunningServer agent = startAgent(server, token.joinValue())) {
                assertThat(agent.component(ServerComponents.KUBELET)).isPresent();
                assertThat(agent.component(ServerComponents.PROXY))
                        .as("--disable-proxy")
                        .isEmpty();
                await().atMost(Duration.ofSeconds(30)).until(() -> readyNodes(http), nodes -> nodes.contains("agent"));
                assertThat(PemFiles.readCertificate(agentDir.resolve("agent/client-kubelet.crt"))
                                .getSubjectX500Principal()
                                .getName())
                        .as("the kubelet's own certificate, signed through a CertificateSigningRequest")
                        .isEqualTo("CN=system:node:agent,O=system:nodes");

                assertThat(http.createNamespace(NAMESPACE).code()).isEqualTo(201);
                // The pods' ConfigMap and Secret: the kubelet, a node under the Node authorizer, may
                // only read them one by one, by name, as its pods reference them.
                assertThat(http.post("/api/v1/namespaces/" + NAMESPACE + "/configmaps", """
                                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"web-config"},
                                 "data":{"GREETING":"hello"}}""")
                                .code())
                        .isEqualTo(201);
                assertThat(http.post("/api/v1/namespaces/" + NAMESPACE + "/secrets", """
                                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"web-creds"},
                                 "stringData":{"password":"s3cr3t"}}""")
                                .code())
                        .isEqualTo(201);
                assertThat(http.post("/apis/apps/v1/namespaces/" + NAMESPACE + "/deployments", DEPLOYMENT)
                                .code())
                        .isEqualTo(201);
                List<JsonNode> pods = await().atMost(Duration.ofSeconds(30))
                        .until(() -> runningPods(http), running -> running.size() == REPLICAS);
                assertThat(pods)
                        .allSatisfy(pod ->
                                assertThat(pod.at("/spec/nodeName").asText()).isEqualTo("agent"));
                PodTeardown.deleteAndAwait(
                        http, "/apis/apps/v1/namespaces/" + NAMESPACE + "/deployments/web", NAMESPACE);
            }

            assertThat(http.delete("/api/v1/namespaces/kube-system/secrets/" + token.secretName())
                            .code())
                    .isEqualTo(200);
            JoinToken again =
                    ServerJoinToken.ensure(serverDir, AdminClients.properties(serverDir, port), token.authority());
            assertThat(again).as("the token file is reused").isEqualTo(token);
            assertThat(http.get("/api/v1/namespaces/kube-system/secrets/" + token.secretName())
                            .code())
                    .as("the deleted Secret is made again")
                    .isEqualTo(200);
        }
    }

    private RunningServer startServer(int port) throws Exception {
        CommandLine.ParseResult parsed = new CommandLine(new SkiffMain())
                .parseArgs(
                        "server",
                        "--data-dir",
                        serverDir.toString(),
                        "--port",
                        Integer.toString(port),
                        "--management-port",
                        Integer.toString(freePort()),
                        "--scheduler-port",
                        "0",
                        "--controller-manager-port",
                        "0",
                        "--disable",
                        "kubelet,dns,ingress-controller");
        return ((ServerCommand) parsed.subcommand().commandSpec().userObject()).start();
    }

    private RunningServer startAgent(String server, String token) throws Exception {
        CommandLine.ParseResult parsed = new CommandLine(new SkiffMain()).parseArgs(agentArgs(server, token));
        return ((AgentCommand) parsed.subcommand().commandSpec().userObject()).start();
    }

    private String[] agentArgs(String server, String token, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "agent",
                "--server",
                server,
                "--token",
                token,
                "--data-dir",
                agentDir.toString(),
                "--node-name",
                "agent",
                "--kubelet-port",
                "0"));
        // The proxy would program this machine's own netfilter and routes (DESIGN.md §5).
        args.add("--disable-proxy");
        args.addAll(List.of(more.length > 0 ? more : new String[] {"--runtime", "process"}));
        return args.toArray(String[]::new);
    }

    /** Runs {@code skiff agent} as main would, for the cases where it must stop before starting. */
    private Joined joinFails(String server, String token, String... more) {
        CommandLine cli = SkiffMain.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(agentArgs(server, token, more));
        return new Joined(exit, err.toString().strip());
    }

    private record Joined(int exitCode, String err) {}

    private static List<String> readyNodes(KubeHttp http) {
        List<String> ready = new ArrayList<>();
        for (JsonNode node : http.get("/api/v1/nodes").body().path("items")) {
            for (JsonNode condition : node.at("/status/conditions")) {
                if (condition.path("type").asText().equals("Ready")
                        && condition.path("status").asText().equals("True")) {
                    ready.add(node.at("/metadata/name").asText());
                }
            }
        }
        return ready;
    }

    private static List<JsonNode> runningPods(KubeHttp http) {
        List<JsonNode> running = new ArrayList<>();
        for (JsonNode pod :
                http.get("/api/v1/namespaces/" + NAMESPACE + "/pods").body().path("items")) {
            if (pod.at("/status/phase").asText().equals("Running")) {
                running.add(pod);
            }
        }
        return running;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
