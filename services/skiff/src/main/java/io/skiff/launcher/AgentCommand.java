package io.skiff.launcher;

import io.fabric8.kubernetes.api.model.Service;
import io.skiff.component.client.ApiClientProperties;
import io.skiff.component.client.KubeClient;
import io.skiff.launcher.bootstrap.ClientCertificateFiles;
import io.skiff.launcher.bootstrap.NodeClientCertificate;
import io.skiff.launcher.join.JoinCheck;
import io.skiff.launcher.join.JoinToken;
import io.skiff.launcher.join.ServerAuthority;
import io.skiff.launcher.sharing.ClassArchive;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skiff agent}: this machine joins a cluster as a worker node. */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = {
            "Joins this machine to a Skiff cluster as a worker node: a kubelet that",
            "registers the node and runs the pods scheduled to it and, with a real node",
            "(runc or process runtime) as root, the proxy that programs its service",
            "addresses, as kube-proxy does. Both talk only to the API server at --server.",
            "",
            "The token is the one the server wrote to DATA_DIR/server/token on its first",
            "start. It carries the cluster CA's hash: the agent trusts the CA the server",
            "shows only if it matches. The agent checks the token with the server before",
            "starting anything, and stops with a one-line error if the server cannot be",
            "reached or does not know or accept the token. The token goes with every",
            "request as a bearer token (see docs/agent.md).",
            "",
            "A server started with other pod or service ranges than the defaults needs",
            "them here too: --proxy-arg cluster-cidr=CIDR --proxy-arg service-cidr=CIDR.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  Join a machine, with the token from ~/.skiff/server/token on the server:",
            "    skiff agent --server https://10.0.0.1:6443 \\",
            "      --token K10<CA hash>::abcdef.0123456789abcdef",
            "  Fifty simulated nodes beside a server on this machine:",
            "    skiff agent --server https://127.0.0.1:6443 \\",
            "      --token $(cat ~/.skiff/server/token) --kubelet-port 0 \\",
            "      --runtime hollow --hollow-nodes 50 --node-name hollow"
        })
final class AgentCommand implements Callable<Integer> {

    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    /** How long the kubelet's certificate request may wait for the server's controllers to sign it. */
    private static final Duration CERTIFICATE_TIMEOUT = Duration.ofMinutes(2);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--server",
            required = true,
            paramLabel = "URL",
            description = "The API server to join, e.g. https://10.0.0.1:6443 (skiff server --bind-address 0.0.0.0).")
    private String server;

    @Option(
            names = "--token",
            required = true,
            paramLabel = "TOKEN",
            description = "The server's join token, " + JoinToken.FORMAT_DESCRIPTION
                    + ", from DATA_DIR/server/token on the server.")
    private String token;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where the agent keeps the kubelet's state, under DIR/agent (default: $SKIFF_DATA_DIR or"
                    + " ~/.skiff).")
    private Path dataDir;

    @Option(
            names = "--node-ip",
            paramLabel = "ADDRESS",
            description = "The node's InternalIP, which the API server reaches its kubelet at (default: the address"
                    + " the host name resolves to, else the first site-local address).")
    private String nodeIp;

    @Option(
            names = "--disable-proxy",
            description = "Run no service proxy on this node, as k3s's --disable-kube-proxy (the proxy programs"
                    + " this machine's netfilter and routes).")
    private boolean disableProxy;

    @CommandLine.Mixin
    private NodeOptions node = new NodeOptions();

    @Override
    public Integer call() throws Exception {
        RunningServer agent = start();
        ClassArchive.writeIfAsked();
        CountDownLatch stopped = new CountDownLatch(1);
        agent.component(ServerComponents.KUBELET).orElseThrow().addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                stopped.countDown();
            }
        });
        if (!ShutdownHook.closeOnExit(agent::close, "skiff-agent-shutdown")) {
            stopped.await();
        }
        return 0;
    }

    /** Checks the token with the server, then starts the kubelet and, where it can run, the proxy. */
    RunningServer start() throws Exception {
        JoinToken joinToken;
        try {
            joinToken = JoinToken.parse(token);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--token: " + e.getMessage());
        }
        NodeRuntime nodeRuntime = node.nodeRuntime(spec, true);
        String url = serverUrl();
        Path dir = DataDirectory.resolve(dataDir).resolve("agent");
        Path authority = serverAuthority(url, joinToken, dir);
        if (authority != null && nodeRuntime == NodeRuntime.HOLLOW) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--runtime hollow: an HTTPS server authorizes each kubelet for its own node only, and hollow"
                            + " nodes are many nodes in one kubelet: run them in skiff server --runtime hollow, or"
                            + " join a --plain-http server");
        }
        JoinCheck.verify(url, joinToken, authority);
        ServerConnection connection = new ServerConnection(url, joinToken, authority);
        ServerConnection kubeletConnection = authority == null
                ? connection
                : connection.as(
                        NodeClientCertificate.obtain(connection.client(), nodeName(), dir, CERTIFICATE_TIMEOUT));

        long started = System.nanoTime();
        RunningServer running = new RunningServer();
        try {
            running.add(
                    ServerComponents.KUBELET,
                    ServerComponents.named(ServerComponents.KUBELET)
                            .builder()
                            .run(args(
                                    kubeletConnection,
                                    "skiff.kubelet.",
                                    node.kubeletSettings,
                                    kubeletDefaults(kubeletConnection, dir, nodeRuntime))));
            if (!disableProxy && NodeOptions.proxyCanRun(nodeRuntime)) {
                running.add(
                        ServerComponents.PROXY,
                        ServerComponents.named(ServerComponents.PROXY)
                                .builder()
                                .run(args(connection, "skiff.proxy.", node.proxySettings, proxyDefaults())));
            }
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
        System.out.printf(
                "%nSkiff agent is up in %.1f s: %s joined %s (%s runtime)%n%n  kubectl get nodes%n%n",
                (System.nanoTime() - started) / 1e9,
                nodeRuntime == NodeRuntime.HOLLOW ? "hollow nodes" : "this node",
                url,
                nodeRuntime.propertyValue());
        return running;
    }

    /** --server without a trailing slash, once it is known to be an http(s) URL with a host. */
    private String serverUrl() {
        String url = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        try {
            java.net.URI uri = new java.net.URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url;
            }
        } catch (java.net.URISyntaxException e) {
            // refused below
        }
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "--server: expected the API server's URL, e.g. https://10.0.0.1:6443, got '" + server + "'");
    }

    /**
     * The kubelet keeps its state under DIR/agent, apart from a server's kubelet on the same data
     * directory, and points pods at the cluster DNS the server announces in its kube-dns Service.
     */
    private Map<String, String> kubeletDefaults(ServerConnection connection, Path dir, NodeRuntime nodeRuntime) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", Integer.toString(node.kubeletPort));
        settings.put("skiff.kubelet.runtime", nodeRuntime.propertyValue());
        settings.put("skiff.kubelet.root-dir", dir.resolve("kubelet").toString());
        settings.put(
                "skiff.kubelet.runc.root-directory", dir.resolve("kubelet/runc").toString());
        clusterDns(connection).ifPresent(address -> settings.put("skiff.kubelet.cluster-dns", address));
        if (connection.authority() != null) {
            // The kubelet's API over HTTPS, for clients with certificates from the cluster CA that
            // may use nodes/proxy: the server's kubelet client.
            settings.put(
                    "skiff.kubelet.tls.client-ca-file", connection.authority().toString());
        }
        if (nodeIp != null) {
            settings.put("skiff.kubelet.address", nodeIp);
        }
        if (node.nodeName != null) {
            settings.put("skiff.kubelet.node-name", node.nodeName);
        }
        if (nodeRuntime == NodeRuntime.HOLLOW) {
            settings.put(
                    "skiff.kubelet.hollow.nodes", Integer.toString(node.hollowNodes == null ? 1 : node.hollowNodes));
        }
        return settings;
    }

    private Map<String, String> proxyDefaults() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", Integer.toString(node.proxyPort));
        settings.put("skiff.proxy.mode", node.proxyMode);
        if (node.nodeName != null) {
            settings.put("skiff.proxy.node-name", node.nodeName);
        }
        return settings;
    }

    /** The kube-dns Service's cluster IP, when the server runs the cluster DNS. */
    private static Optional<String> clusterDns(ServerConnection connection) {
        try (KubeClient client = KubeClient.create(connection.client())) {
            return client.resources(Service.class)
                    .find("kube-system", "kube-dns")
                    .blockOptional(LOOKUP_TIMEOUT)
                    .map(service -> service.getSpec().getClusterIP())
                    .filter(ip -> !ip.isBlank() && !ip.equals("None"));
        }
    }

    /**
     * The cluster CA to trust, for an HTTPS server: learnt from the server and checked against the
     * pin the token carries, kept at DIR/agent/server-ca.crt. Null for a plain HTTP server.
     */
    private Path serverAuthority(String url, JoinToken joinToken, Path dir) {
        if (!url.startsWith("https:")) {
            return null;
        }
        if (joinToken.authority() == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--token: an HTTPS server's join token carries its CA's hash, K10<sha256 hex>::<id>.<secret>:"
                            + " use the whole token from DATA_DIR/server/token on the server");
        }
        return ServerAuthority.learn(url, joinToken.authority(), dir.resolve("server-ca.crt"), LOOKUP_TIMEOUT);
    }

    /**
     * How the agent's components reach the server: its URL, the CA to trust, and as whom: the join
     * token as bearer (the proxy; the kubelet until it has its node's certificate), or a client
     * certificate (the kubelet, as {@code system:node:<name>}).
     */
    private record ServerConnection(String url, JoinToken token, Path authority, ClientCertificateFiles certificate) {

        ServerConnection(String url, JoinToken token, Path authority) {
            this(url, token, authority, null);
        }

        ServerConnection as(ClientCertificateFiles clientCertificate) {
            return new ServerConnection(url, token, authority, clientCertificate);
        }

        ApiClientProperties client() {
            if (certificate == null) {
                return JoinCheck.clientFor(url, token, authority);
            }
            return ApiClientProperties.defaults()
                    .withUrls(url)
                    .withTls(certificate.applyTo(new ApiClientProperties.TlsSettings(authority, null, null)));
        }
    }

    /** The node's name, as the kubelet will register it. */
    private String nodeName() {
        return node.nodeName != null ? node.nodeName : io.skiff.kubelet.config.HostIdentity.hostname();
    }

    /**
     * A component's arguments: the server, the token and the CA as its API client's settings, the
     * defaults above, then the user's NAME=VALUE settings under {@code prefix}, which replace a
     * default of the same name (Spring would join two values of one name).
     */
    private static String[] args(
            ServerConnection connection, String prefix, List<String> userSettings, Map<String, String> defaults) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("skiff.apiserver.urls", connection.url());
        if (connection.certificate() == null) {
            settings.put("skiff.apiserver.bearer-token", connection.token().value());
        } else {
            settings.put(
                    "skiff.apiserver.tls.client-certificate",
                    connection.certificate().certificate().toString());
            settings.put(
                    "skiff.apiserver.tls.client-key",
                    connection.certificate().key().toString());
        }
        if (connection.authority() != null) {
            settings.put(
                    "skiff.apiserver.tls.certificate-authority",
                    connection.authority().toString());
        }
        settings.putAll(defaults);
        for (String setting : userSettings) {
            int equals = setting.indexOf('=');
            settings.put(prefix + setting.substring(0, equals).trim(), setting.substring(equals + 1));
        }
        List<String> args = new ArrayList<>();
        settings.forEach((name, value) -> args.add("--" + name + "=" + value));
        return args.toArray(String[]::new);
    }
}
