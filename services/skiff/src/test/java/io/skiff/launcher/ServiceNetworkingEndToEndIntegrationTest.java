package io.skiff.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.kubelet.network.NetworkNamespaces;
import io.skiff.kubelet.testing.LocalRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 7's classic scenario on {@code skiff server --runtime runc}: a Deployment of two tiny HTTP
 * servers answering their own host name behind a Service, reached by name through the cluster DNS
 * from a client pod, through a NodePort from the node, through an Ingress by host name; dig's
 * answers for the Service, a named port, a cluster IP, a pod and a headless Service; a LoadBalancer
 * Service given the node's address by the built-in load balancer, with the proxy's rule for it; an
 * ExternalName Service answered with a CNAME; and a deleted pod whose endpoint and rules follow
 * within about a second.
 *
 * <p>The node's network (bridge, pods, service rules, the DNS and ingress listeners on the node
 * side) lives in a network namespace this test creates, with no route out (DESIGN.md §5); the
 * host sees only loopback traffic: the API server, the registry and the DNS's 127.0.0.1 port. One
 * server serves every check; the checks run in order, the pod deletion last. Needs root, runc, the
 * CNI plugins, iptables, br_netfilter, curl, dig, kubectl, docker-registry, umoci, skopeo and
 * busybox-static; skips loudly otherwise.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceNetworkingEndToEndIntegrationTest {

    private static final String SKIFF_DIR = "skiff";

    private static final String NAMESPACE = "svc-e2e";
    private static final String NODE = "svc-node";
    /** The cluster CIDR is the one node's podCIDR, so the bridge's address is known in advance. */
    private static final String CLUSTER_CIDR = "10.244.128.0/24";

    private static final String POD_PREFIX = "10.244.128.";
    /** The bridge's address: the first of the podCIDR, which the kubelet's CNI bridge takes as gateway. */
    private static final String NODE_ADDRESS = POD_PREFIX + "1";

    private static final int CALLS = 40;
    private static final Duration START = Duration.ofSeconds(90);
    /** Issue 7: the endpoints and the rules follow a deleted pod "within a second". */
    private static final Duration FOLLOW = Duration.ofSeconds(1);

    @TempDir
    static Path work;

    private static LocalRegistry registry;
    private static String nodeNetns;
    private static RunningServer server;
    private static KubeHttp http;
    private static Kubectl kubectl;
    private static int dnsPort;
    private static int ingressPort;

    @BeforeAll
    static void start() throws Exception {
        skipUnless(isRoot(), "runc, network namespaces and netfilter need root");
        skipUnless(
                executable("/usr/sbin/runc") || executable("/usr/bin/runc"),
                "runc is not installed (apt-get install runc)");
        skipUnless(
                executable("/usr/lib/cni/bridge"),
                "the CNI plugins are not installed (apt-get install containernetworking-plugins)");
        skipUnless(
                executable("/usr/sbin/iptables-restore") || executable("/sbin/iptables-restore"),
                "iptables is not installed (apt-get install iptables)");
        skipUnless(
                Files.exists(Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables")),
                "br_netfilter is not loaded (modprobe br_netfilter): pod-to-Service-to-pod on one bridge needs it");
        skipUnless(executable("/usr/bin/dig"), "dig is not installed (apt-get install dnsutils)");
        skipUnless(executable("/usr/bin/curl"), "curl is not installed (apt-get install curl)");
        skipUnless(
                LocalRegistry.toolsInstalled(),
                "docker-registry, umoci, skopeo or busybox-static is missing (apt-get, as .ci/run does)");

        Path layout = LocalRegistry.buildBusyboxImage(work);
        registry = LocalRegistry.start(work, "open", "");
        registry.push(work, layout, null);

        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        nodeNetns = "skiff-svc-" + suffix;
        new NetworkNamespaces(Duration.ofSeconds(10)).create(nodeNetns);
        inNode("ip", "link", "set", "lo", "up");

        int apiPort = freePort();
        dnsPort = freePort();
        ingressPort = freePort();
        String netnsPath = NetworkNamespaces.path(nodeNetns).toString();
        CommandLine.ParseResult parsed = new CommandLine(new SkiffMain())
                .parseArgs(
                        "server",
                        "--data-dir",
                        Files.createDirectories(work.resolve(SKIFF_DIR)).toString(),
                        "--port",
                        Integer.toString(apiPort),
                        "--management-port",
                        Integer.toString(freePort()),
                        "--scheduler-port",
                        "0",
                        "--controller-manager-port",
                        "0",
                        "--runtime",
                        "runc",
                        "--node-name",
                        NODE,
                        "--kubelet-port",
                        "0",
                        "--cluster-cidr",
                        CLUSTER_CIDR,
                        "--kubelet-arg",
                        "runc.node-network-namespace=" + netnsPath,
                        "--kubelet-arg",
                        "runc.network-name=skiff-svc-e2e",
                        "--kubelet-arg",
                        "runc.bridge-name=sksvc" + suffix.substring(0, 5),
                        "--kubelet-arg",
                        "runc.cgroup-parent=skiff-svc-e2e",
                        "--dns-port",
                        Integer.toString(dnsPort),
                        "--dns-metrics-port",
                        "0",
                        "--proxy-port",
                        "0",
                        "--ingress-http-port",
                        Integer.toString(ingressPort),
                        "--ingress-https-port",
                        Integer.toString(freePort()),
                        "--ingress-controller-port",
                        "0",
                        "--ingress-arg",
                        "listen-in-node-network=true");
        server = ((ServerCommand) parsed.subcommand().commandSpec().userObject()).start();

        Path skiffDir = work.resolve(SKIFF_DIR);
        http = AdminClients.http(skiffDir, apiPort);
        kubectl = Kubectl.withKubeconfig(
                skiffDir.resolve("kubeconfig.yaml"), Files.createDirectories(work.resolve("kubectl")));
        eventually("node " + NODE + " Ready with its podCIDR", Duration.ofSeconds(60), () -> {
            JsonNode node = http.get("/api/v1/nodes/" + NODE).body();
            return node.at("/spec/podCIDR").asText().equals(CLUSTER_CIDR) && ready(node);
        });
        succeeds(kubectl.run("create", "namespace", NAMESPACE));
        succeeds(kubectl.runWithInput(manifests(registry.host() + "/busybox:1"), "apply", "-f", "-"));
        succeeds(kubectl.run("-n", NAMESPACE, "rollout", "status", "deployment/web", "--timeout=90s"));
        succeeds(kubectl.run("-n", NAMESPACE, "rollout", "status", "deployment/api", "--timeout=60s"));
        succeeds(kubectl.run("-n", NAMESPACE, "wait", "--for=condition=Ready", "pod/client", "--timeout=60s"));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null) {
                if (http != null) {
                    PodTeardown.deleteAndAwait(http, "/api/v1/namespaces/" + NAMESPACE, NAMESPACE);
                }
                server.close();
            }
        } finally {
            if (registry != null) {
                registry.close();
            }
            if (nodeNetns != null) {
                new NetworkNamespaces(Duration.ofSeconds(10)).delete(nodeNetns);
            }
        }
    }

    @Test
    @Order(1)
    void aClientPodCallsTheServiceByNameThroughClusterDnsAndReachesBothReplicas() {
        // The first call waits for the kube-dns endpoint and the rules of both Services. The image
        // has only /bin/sh and /bin/busybox: applets run through the shell.
        AtomicReference<Kubectl.Result> last = new AtomicReference<>();
        try {
            eventually("the client pod reaching http://web", START, () -> {
                last.set(kubectl.run("-n", NAMESPACE, "exec", "client", "--", "sh", "-c", "wget -qO- http://web"));
                return last.get().exitCode() == 0;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the client pod never reached http://web; last try: " + last.get(), e);
        }

        Kubectl.Result calls = succeeds(kubectl.run(
                "-n",
                NAMESPACE,
                "exec",
                "client",
                "--",
                "sh",
                "-c",
                "for i in $(seq " + CALLS + "); do wget -qO- http://web; done"));

        assertAnsweredByBothReplicasEvenly(lines(calls.stdout()));
    }

    @Test
    @Order(2)
    void aNodePortReachesBothReplicasFromTheNode() throws Exception {
        int nodePort = service("web").at("/spec/ports/0/nodePort").asInt();
        assertThat(nodePort).isBetween(30000, 32767);
        String url = "http://" + NODE_ADDRESS + ":" + nodePort + "/";

        String answers = inNode("sh", "-c", "for i in $(seq " + CALLS + "); do curl -sS -m 2 " + url + "; done");

        assertAnsweredByBothReplicasEvenly(lines(answers));
    }

    @Test
    @Order(3)
    void anIngressRoutesTwoHostsToTwoServices() throws Exception {
        String url = "http://127.0.0.1:" + ingressPort + "/";
        eventually(
                "the ingress controller routing api.example",
                Duration.ofSeconds(30),
                () -> inNodeOutput("curl", "-s", "-m", "2", "-H", "Host: api.example", url)
                        .startsWith("api "));

        String web = inNode(
                "sh", "-c", "for i in $(seq " + CALLS + "); do curl -sS -m 2 -H 'Host: web.example' " + url + "; done");
        assertAnsweredByBothReplicasEvenly(lines(web));

        String api = inNode("curl", "-sS", "-m", "2", "-H", "Host: api.example", url);
        assertThat(api.strip()).isEqualTo("api " + podNames("api").get(0));
        String unknown = inNode(
                "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "2", "-H", "Host: other.example", url);
        assertThat(unknown).isEqualTo("404");
    }

    @Test
    @Order(4)
    void digAnswersForServicesNamedPortsClusterIpsPodsAndHeadlessServices() throws Exception {
        String clusterIp = service("web").at("/spec/clusterIP").asText();
        String domain = NAMESPACE + ".svc.cluster.local";
        List<String> webIps = podIps("web");

        assertThat(dig("web." + domain, "A")).containsExactly(clusterIp);
        assertThat(dig("_http._tcp.web." + domain, "SRV")).containsExactly("0 100 80 web." + domain + ".");
        assertThat(dig("-x", clusterIp)).containsExactly("web." + domain + ".");
        String podIp = webIps.get(0);
        assertThat(dig(podIp.replace('.', '-') + "." + NAMESPACE + ".pod.cluster.local", "A"))
                .containsExactly(podIp);
        assertThat(dig("web-headless." + domain, "A")).containsExactlyInAnyOrderElementsOf(webIps);
        assertThat(dig("kube-dns.kube-system.svc.cluster.local", "A")).containsExactly("10.96.0.10");
    }

    @Test
    @Order(5)
    void aLoadBalancerServiceGetsTheNodesAddressWhichTheProxyServesAndAnExternalNameIsACname() throws Exception {
        JsonNode node = http.get("/api/v1/nodes/" + NODE).body();
        String nodeAddress = nodeAddress(node);
        eventually(
                "web-lb's status.loadBalancer listing the node's address",
                Duration.ofSeconds(30),
                () -> service("web-lb")
                        .at("/status/loadBalancer/ingress/0/ip")
                        .asText()
                        .equals(nodeAddress));
        String comment = NAMESPACE + "/web-lb:http loadbalancer IP";
        eventually(
                "the proxy's rule for web-lb's load-balancer address",
                Duration.ofSeconds(30),
                () -> inNode("iptables-save", "-t", "nat")
                        .lines()
                        .anyMatch(line -> line.startsWith("-A KUBE-SERVICES -d " + nodeAddress + "/32")
                                && line.contains(comment)
                                && line.contains("--dport 80 -j KUBE-EXT-")));
        if (nodeAddress.equals(NODE_ADDRESS)) {
            // Only an address inside the node's namespace may be called (DESIGN.md §5).
            String answers = inNode(
                    "sh", "-c", "for i in $(seq " + CALLS + "); do curl -sS -m 2 http://" + nodeAddress + "/; done");
            assertAnsweredByBothReplicasEvenly(lines(answers));
        }

        assertThat(service("docs").at("/spec/clusterIP").isMissingNode()).isTrue();
        String docs = "docs." + NAMESPACE + ".svc.cluster.local";
        assertThat(dig(docs, "CNAME")).containsExactly("docs.example.org.");
        assertThat(dig(docs, "A")).containsExactly("docs.example.org.");
    }

    /** The address the built-in load balancer publishes for a node: its ExternalIP, else its InternalIP. */
    private static String nodeAddress(JsonNode node) {
        String internal = null;
        for (JsonNode address : node.at("/status/addresses")) {
            String type = address.path("type").asText();
            if (type.equals("ExternalIP")) {
                return address.path("address").asText();
            }
            if (type.equals("InternalIP") && internal == null) {
                internal = address.path("address").asText();
            }
        }
        assertThat(internal)
                .as("the node's InternalIP in %s", node.at("/status/addresses"))
                .isNotNull();
        return internal;
    }

    @Test
    @Order(6)
    void aDeletedPodsEndpointAndRulesFollowWithinASecondAndNoCallFailsLonger() throws Exception {
        String clusterIp = service("web").at("/spec/clusterIP").asText();
        List<String> before = podNames("web");
        String victim = before.get(0);
        String victimIp = http.get("/api/v1/namespaces/" + NAMESPACE + "/pods/" + victim)
                .body()
                .at("/status/podIP")
                .asText();
        assertThat(svcRules()).contains("-> " + victimIp + ":8080");

        try (Caller caller = Caller.start("http://" + clusterIp + "/", Duration.ofSeconds(8), 400)) {
            Thread.sleep(500);
            long deleted = System.nanoTime();
            succeeds(kubectl.run("-n", NAMESPACE, "delete", "pod", victim, "--wait=false"));
            long endpointGone = awaitNanos(
                    "the deleted pod's endpoint to turn unready",
                    Duration.ofSeconds(10),
                    () -> !readyEndpointAddresses("web").contains(victimIp));
            long rulesGone = awaitNanos(
                    "the deleted pod's endpoint to leave the Service's chain",
                    Duration.ofSeconds(10),
                    () -> !svcRules().contains("-> " + victimIp + ":8080"));
            Duration endpointsFollowed = Duration.ofNanos(endpointGone - deleted);
            Duration rulesFollowed = Duration.ofNanos(rulesGone - deleted);
            Caller.Outcome outcome = caller.awaitEnd();
            System.out.printf(
                    "pod deletion: endpoint unready after %d ms, rules after %d ms; %d calls, %d failed, longest"
                            + " failing stretch %d ms%n",
                    endpointsFollowed.toMillis(),
                    rulesFollowed.toMillis(),
                    outcome.calls(),
                    outcome.failures(),
                    outcome.longestFailure().toMillis());

            // A second's slack over the goal: the rules are read back by polling iptables-save
            // on a 2-core machine the build shares.
            assertThat(endpointsFollowed).isLessThanOrEqualTo(FOLLOW.plusSeconds(1));
            assertThat(rulesFollowed).isLessThanOrEqualTo(FOLLOW.plusSeconds(1));
            assertThat(outcome.calls()).isGreaterThan(20);
            assertThat(outcome.longestFailure()).isLessThanOrEqualTo(FOLLOW);
        }

        eventually("the replacement pod answering", Duration.ofSeconds(60), () -> {
            List<String> now = podNames("web");
            if (now.size() != 2 || now.contains(victim)) {
                return false;
            }
            String answers =
                    inNodeOutput("sh", "-c", "for i in $(seq 20); do curl -s -m 1 http://" + clusterIp + "/; done");
            return lines(answers).containsAll(now);
        });
    }

    // ---- the scenario's objects ----

    private static String manifests(String image) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: %1$s}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: web
                        image: %2$s
                        command: [sh, -c, 'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www']
                        ports: [{name: http, containerPort: 8080}]
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: api, namespace: %1$s}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: api}}
                  template:
                    metadata: {labels: {app: api}}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: api
                        image: %2$s
                        command: [sh, -c, 'mkdir -p /www && echo "api $(hostname)" > /www/index.html && exec httpd -f -p 8080 -h /www']
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: %1$s}
                spec:
                  type: NodePort
                  selector: {app: web}
                  ports: [{name: http, port: 80, targetPort: 8080}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web-headless, namespace: %1$s}
                spec:
                  clusterIP: None
                  selector: {app: web}
                  ports: [{name: http, port: 8080}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web-lb, namespace: %1$s}
                spec:
                  type: LoadBalancer
                  selector: {app: web}
                  ports: [{name: http, port: 80, targetPort: 8080}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: docs, namespace: %1$s}
                spec:
                  type: ExternalName
                  externalName: docs.example.org
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: api, namespace: %1$s}
                spec:
                  selector: {app: api}
                  ports: [{name: http, port: 80, targetPort: 8080}]
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: hosts, namespace: %1$s}
                spec:
                  rules:
                  - host: web.example
                    http:
                      paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]
                  - host: api.example
                    http:
                      paths: [{path: /, pathType: Prefix, backend: {service: {name: api, port: {name: http}}}}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: client, namespace: %1$s}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: client
                    image: %2$s
                    command: [sh, -c, 'sleep 3600']
                """.formatted(NAMESPACE, image);
    }

    // ---- assertions and lookups ----

    /** Every call answered by one of the two replicas, each with at least a quarter of the calls. */
    private static void assertAnsweredByBothReplicasEvenly(List<String> answers) {
        List<String> replicas = podNames("web");
        assertThat(replicas).hasSize(2);
        assertThat(answers)
                .hasSize(CALLS)
                .allSatisfy(answer -> assertThat(replicas).contains(answer));
        Map<String, Long> counts =
                answers.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        System.out.println("answers per replica: " + counts);
        for (String replica : replicas) {
            assertThat(counts.getOrDefault(replica, 0L))
                    .as("calls answered by %s of %s", replica, counts)
                    .isGreaterThanOrEqualTo(CALLS / 4);
        }
    }

    private static JsonNode service(String name) {
        return http.get("/api/v1/namespaces/" + NAMESPACE + "/services/" + name).body();
    }

    /** The Deployment's pods that are not being deleted, by name. */
    private static List<String> podNames(String app) {
        return activePods(app).stream()
                .map(pod -> pod.at("/metadata/name").asText())
                .sorted()
                .toList();
    }

    private static List<String> podIps(String app) {
        return activePods(app).stream()
                .map(pod -> pod.at("/status/podIP").asText())
                .toList();
    }

    private static List<JsonNode> activePods(String app) {
        List<JsonNode> pods = new ArrayList<>();
        for (JsonNode pod : http.get("/api/v1/namespaces/" + NAMESPACE + "/pods?labelSelector=app%3D" + app)
                .body()
                .path("items")) {
            JsonNode deletion = pod.at("/metadata/deletionTimestamp");
            if (deletion.isMissingNode() || deletion.isNull()) {
                pods.add(pod);
            }
        }
        return pods;
    }

    private static List<String> readyEndpointAddresses(String service) {
        List<String> addresses = new ArrayList<>();
        for (JsonNode slice : http.get("/apis/discovery.k8s.io/v1/namespaces/" + NAMESPACE
                        + "/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3D" + service)
                .body()
                .path("items")) {
            for (JsonNode endpoint : slice.path("endpoints")) {
                if (endpoint.at("/conditions/ready").asBoolean(true)) {
                    endpoint.path("addresses").forEach(address -> addresses.add(address.asText()));
                }
            }
        }
        return addresses;
    }

    /** The jumps of the web Service's KUBE-SVC chain to its endpoints, as the node's nat table has them. */
    private static String svcRules() throws Exception {
        return inNode("iptables-save", "-t", "nat")
                .lines()
                .filter(line -> line.startsWith("-A KUBE-SVC-") && line.contains(NAMESPACE + "/web:http -> "))
                .collect(Collectors.joining("\n"));
    }

    /** dig's short answers from the cluster DNS on 127.0.0.1, one try of at most 2 s. */
    private static List<String> dig(String... question) throws Exception {
        List<String> command = new ArrayList<>(
                List.of("dig", "@127.0.0.1", "-p", Integer.toString(dnsPort), "+short", "+tries=1", "+time=2"));
        command.addAll(Arrays.asList(question));
        return lines(LocalRegistry.run(work, command.toArray(String[]::new)));
    }

    // ---- the node's network namespace ----

    /** Runs a command in the node's network namespace and returns its output; fails when it fails. */
    private static String inNode(String... command) throws Exception {
        List<String> inNamespace = new ArrayList<>(List.of("ip", "netns", "exec", nodeNetns));
        inNamespace.addAll(Arrays.asList(command));
        return LocalRegistry.run(work, inNamespace.toArray(String[]::new));
    }

    /** Like {@link #inNode}, but returns whatever was printed, or nothing, whether it worked or not. */
    private static String inNodeOutput(String... command) {
        try {
            return inNode(command);
        } catch (Exception | AssertionError e) {
            return "";
        }
    }

    /**
     * Calls a URL from the node's namespace with curl, one call after the other, until a time or a
     * count is reached, and measures the longest stretch from a failing call's start to the next
     * good call's start.
     */
    private static final class Caller implements AutoCloseable {

        record Outcome(int calls, int failures, Duration longestFailure) {}

        private final Thread thread;
        private volatile Outcome outcome;
        private volatile boolean stopped;

        private Caller(String url, Duration within, int maxCalls) {
            thread = new Thread(() -> outcome = call(url, within, maxCalls), "svc-e2e-caller");
            thread.setDaemon(true);
        }

        static Caller start(String url, Duration within, int maxCalls) {
            Caller caller = new Caller(url, within, maxCalls);
            caller.thread.start();
            return caller;
        }

        private Outcome call(String url, Duration within, int maxCalls) {
            long end = System.nanoTime() + within.toNanos();
            int calls = 0;
            int failures = 0;
            long failingSince = -1;
            long longest = 0;
            while (calls < maxCalls && System.nanoTime() < end && !stopped) {
                long started = System.nanoTime();
                boolean ok = curl(url);
                calls++;
                if (ok && failingSince >= 0) {
                    longest = Math.max(longest, started - failingSince);
                    failingSince = -1;
                } else if (!ok) {
                    failures++;
                    if (failingSince < 0) {
                        failingSince = started;
                    }
                }
            }
            if (failingSince >= 0) {
                longest = Math.max(longest, System.nanoTime() - failingSince);
            }
            return new Outcome(calls, failures, Duration.ofNanos(longest));
        }

        private static boolean curl(String url) {
            try {
                Process process = new ProcessBuilder(
                                "ip",
                                "netns",
                                "exec",
                                nodeNetns,
                                "curl",
                                "-sf",
                                "-o",
                                "/dev/null",
                                "--connect-timeout",
                                "0.5",
                                "-m",
                                "0.5",
                                url)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return false;
                }
                return process.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        Outcome awaitEnd() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(outcome).as("the caller finished").isNotNull();
            return outcome;
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    // ---- small helpers ----

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static boolean ready(JsonNode object) {
        for (JsonNode condition : object.at("/status/conditions")) {
            if (condition.path("type").asText().equals("Ready")) {
                return condition.path("status").asText().equals("True");
            }
        }
        return false;
    }

    private static Kubectl.Result succeeds(Kubectl.Result result) {
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result;
    }

    private static void eventually(String what, Duration within, java.util.concurrent.Callable<Boolean> condition) {
        await().alias(what)
                .atMost(within)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(condition);
    }

    /** Polls every 20 ms until the condition holds and returns when it did (System.nanoTime()). */
    private static long awaitNanos(String what, Duration within, java.util.concurrent.Callable<Boolean> condition)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + within + " for " + what);
            }
            Thread.sleep(20);
        }
        return System.nanoTime();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean executable(String path) {
        return Files.isExecutable(Path.of(path));
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0)
                    .equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
        } catch (Exception e) {
            return false;
        }
    }

    private static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            System.err.println("SKIPPING ServiceNetworkingEndToEndIntegrationTest: " + reason);
        }
        Assumptions.assumeTrue(condition, "SKIPPED: " + reason);
    }
}
