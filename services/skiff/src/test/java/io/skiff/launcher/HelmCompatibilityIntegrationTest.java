package io.skiff.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.skiff.apiserver.testing.KubeHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import picocli.CommandLine;

/**
 * Helm against Skiff: real Helm (helm-java runs Helm's Go library in this JVM) installs, lists,
 * upgrades and uninstalls a small chart (a Deployment, a Service and a ConfigMap) on {@code skiff
 * server --runtime hollow}, with the kubeconfig the server writes; the objects appear, change and
 * disappear through the API. The same server then shows that the Grafana dashboard shipped in
 * helm/skiff asks only for metrics the components really expose.
 *
 * <p>It lives beside the launcher's other end-to-end tests because it starts the server the way
 * they do, through the package-private {@link ServerCommand}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class HelmCompatibilityIntegrationTest {

    private static final String NAMESPACE = "helm-compat";
    private static final String RELEASE = "greeter";

    @TempDir
    static Path dataDir;

    private static RunningServer server;
    private static KubeHttp http;
    private static Path kubeconfig;
    private static final Map<String, Integer> metricsPorts = new LinkedHashMap<>();
    private static int dnsPort;

    @BeforeAll
    static void startServer() throws Exception {
        int port = freePort();
        metricsPorts.put("apiserver", freePort());
        metricsPorts.put("scheduler", freePort());
        metricsPorts.put("controller-manager", freePort());
        metricsPorts.put("kubelet", freePort());
        metricsPorts.put("dns", freePort());
        metricsPorts.put("ingress-controller", freePort());
        dnsPort = freePort();
        CommandLine.ParseResult parsed = new CommandLine(new SkiffMain())
                .parseArgs(
                        "server",
                        "--data-dir",
                        dataDir.toString(),
                        "--port",
                        Integer.toString(port),
                        "--management-port",
                        metricsPorts.get("apiserver").toString(),
                        "--scheduler-port",
                        metricsPorts.get("scheduler").toString(),
                        "--controller-manager-port",
                        metricsPorts.get("controller-manager").toString(),
                        "--kubelet-port",
                        metricsPorts.get("kubelet").toString(),
                        "--dns-metrics-port",
                        metricsPorts.get("dns").toString(),
                        "--ingress-controller-port",
                        metricsPorts.get("ingress-controller").toString(),
                        "--dns-port",
                        Integer.toString(dnsPort),
                        "--runtime",
                        "hollow",
                        "--hollow-nodes",
                        "2",
                        "--node-name",
                        "node",
                        "--ingress-http-port",
                        "0",
                        "--ingress-https-port",
                        "0");
        server = ((ServerCommand) parsed.subcommand().commandSpec().userObject()).start();
        http = AdminClients.http(dataDir, port);
        kubeconfig = dataDir.resolve("kubeconfig.yaml");
        assertThat(kubeconfig).as("the kubeconfig skiff server writes").isRegularFile();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void helmInstallsListsUpgradesAndUninstallsAChart() throws Exception {
        Path chart = Path.of(
                        getClass().getResource("/charts/greeter/Chart.yaml").toURI())
                .getParent();

        Release installed = new Helm(chart)
                .install()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .createNamespace()
                .withKubeConfig(kubeconfig)
                .waitReady()
                .withTimeout(90)
                .call();

        assertThat(installed.getStatus()).isEqualTo("deployed");
        assertThat(installed.getRevision()).isEqualTo("1");
        JsonNode deployment = get("/apis/apps/v1/namespaces/" + NAMESPACE + "/deployments/" + RELEASE);
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(deployment
                        .at("/metadata/labels/app.kubernetes.io~1managed-by")
                        .asText())
                .as("Helm labels what it owns")
                .isEqualTo("Helm");
        assertThat(deployment.at("/status/readyReplicas").asInt())
                .as("helm install --wait returned once the pods were ready")
                .isEqualTo(2);
        assertThat(get("/api/v1/namespaces/" + NAMESPACE + "/services/" + RELEASE)
                        .at("/spec/ports/0/port")
                        .asInt())
                .isEqualTo(80);
        assertThat(get("/api/v1/namespaces/" + NAMESPACE + "/configmaps/" + RELEASE + "-config")
                        .at("/data/greeting")
                        .asText())
                .isEqualTo("hello");
        assertThat(http.get("/api/v1/namespaces/" + NAMESPACE + "/secrets/sh.helm.release.v1." + RELEASE + ".v1")
                        .code())
                .as("Helm keeps the release in a Secret")
                .isEqualTo(200);

        List<Release> listed =
                Helm.list().withNamespace(NAMESPACE).withKubeConfig(kubeconfig).call();
        assertThat(listed).singleElement().satisfies(release -> {
            assertThat(release.getName()).isEqualTo(RELEASE);
            assertThat(release.getStatus()).isEqualTo("deployed");
            assertThat(release.getChart()).isEqualTo("greeter-1.0.0");
        });

        Release upgraded = new Helm(chart)
                .upgrade()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeConfig(kubeconfig)
                .set("replicas", 3)
                .set("greeting", "ahoy")
                .set("port", 8080)
                .waitReady()
                .withTimeout(90)
                .call();

        assertThat(upgraded.getRevision()).isEqualTo("2");
        assertThat(upgraded.getStatus()).isEqualTo("deployed");
        assertThat(get("/apis/apps/v1/namespaces/" + NAMESPACE + "/deployments/" + RELEASE)
                        .at("/spec/replicas")
                        .asInt())
                .isEqualTo(3);
        assertThat(get("/api/v1/namespaces/" + NAMESPACE + "/configmaps/" + RELEASE + "-config")
                        .at("/data/greeting")
                        .asText())
                .isEqualTo("ahoy");
        assertThat(get("/api/v1/namespaces/" + NAMESPACE + "/services/" + RELEASE)
                        .at("/spec/ports/0/port")
                        .asInt())
                .isEqualTo(8080);
        assertThat(Helm.list()
                        .withNamespace(NAMESPACE)
                        .withKubeConfig(kubeconfig)
                        .call())
                .singleElement()
                .satisfies(release -> assertThat(release.getRevision()).isEqualTo("2"));

        String uninstalled = Helm.uninstall(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeConfig(kubeconfig)
                .call();

        assertThat(uninstalled).contains(RELEASE);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(http.get("/apis/apps/v1/namespaces/" + NAMESPACE + "/deployments/" + RELEASE)
                            .code())
                    .isEqualTo(404);
            assertThat(http.get("/api/v1/namespaces/" + NAMESPACE + "/services/" + RELEASE)
                            .code())
                    .isEqualTo(404);
            assertThat(http.get("/api/v1/namespaces/" + NAMESPACE + "/configmaps/" + RELEASE + "-config")
                            .code())
                    .isEqualTo(404);
            assertThat(http.get("/api/v1/namespaces/" + NAMESPACE + "/pods")
                            .body()
                            .path("items"))
                    .as("the garbage collector removes the pods with their ReplicaSets")
                    .isEmpty();
        });
        assertThat(Helm.list()
                        .withNamespace(NAMESPACE)
                        .withKubeConfig(kubeconfig)
                        .call())
                .isEmpty();
    }

    /**
     * helm/skiff itself, installed into Skiff with no replicas (nothing to pull or run): its
     * credentials are made on install and, through Helm's lookup against this API server, kept on
     * upgrade, but for the serving certificate, made again when the names it must carry change; the
     * CA outlives an uninstall.
     */
    @Test
    void theSkiffChartKeepsItsCredentialsAcrossUpgradesAndUninstall() throws Exception {
        Path chart = repositoryRoot().resolve("helm/skiff");
        String namespace = "skiff-chart";
        Map<String, Object> nothingRuns = Map.of(
                "apiserver.replicas",
                0,
                "scheduler.replicas",
                0,
                "controllerManager.replicas",
                0,
                "dns.enabled",
                false,
                "kubelet.enabled",
                false,
                "proxy.enabled",
                false,
                "ingressController.enabled",
                false,
                "image.registry",
                "127.0.0.1:9");
        var install = new Helm(chart)
                .install()
                .withName("skiff")
                .withNamespace(namespace)
                .createNamespace()
                .withKubeConfig(kubeconfig);
        nothingRuns.forEach(install::set);
        assertThat(install.call().getStatus()).isEqualTo("deployed");
        JsonNode pki =
                get("/api/v1/namespaces/" + namespace + "/secrets/skiff-pki").path("data");
        JsonNode tokens =
                get("/api/v1/namespaces/" + namespace + "/secrets/skiff-tokens").path("data");
        assertThat(pki.path("ca.crt").asText()).isNotEmpty();

        var upgrade = new Helm(chart)
                .upgrade()
                .withName("skiff")
                .withNamespace(namespace)
                .withKubeConfig(kubeconfig)
                .set("security.extraDnsNames[0]", "skiff.example.com");
        nothingRuns.forEach(upgrade::set);
        assertThat(upgrade.call().getRevision()).isEqualTo("2");

        JsonNode upgraded =
                get("/api/v1/namespaces/" + namespace + "/secrets/skiff-pki").path("data");
        for (String kept : List.of("ca.crt", "ca.key", "service-account.key", "scheduler.crt", "scheduler.key")) {
            assertThat(upgraded.path(kept)).as(kept + " kept").isEqualTo(pki.path(kept));
        }
        assertThat(get("/api/v1/namespaces/" + namespace + "/secrets/skiff-tokens")
                        .path("data"))
                .isEqualTo(tokens);
        assertThat(upgraded.path("apiserver.crt"))
                .as("new names, new serving certificate")
                .isNotEqualTo(pki.path("apiserver.crt"));
        var serving = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder()
                        .decode(upgraded.path("apiserver.crt").asText())));
        assertThat(serving.getSubjectAlternativeNames())
                .extracting(name -> name.get(1).toString())
                .contains("skiff.example.com", "skiff-apiserver.skiff-chart.svc");

        Helm.uninstall("skiff")
                .withNamespace(namespace)
                .withKubeConfig(kubeconfig)
                .call();
        assertThat(http.get("/api/v1/namespaces/" + namespace + "/secrets/skiff-pki")
                        .code())
                .as("helm.sh/resource-policy: keep")
                .isEqualTo(200);
    }

    @Test
    void theGrafanaDashboardAsksOnlyForMetricsTheComponentsExpose() throws Exception {
        // Some series appear with the first event they count, as in Kubernetes: a pod to schedule
        // and start, a query for the DNS.
        KubeHttp.Reply created = http.post("/api/v1/namespaces/default/pods", """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "metrics-probe"},
                 "spec": {"containers": [{"name": "app", "image": "registry.example/app:1"}]}}
                """);
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/api/v1/namespaces/default/pods/metrics-probe")
                        .at("/status/phase")
                        .asText()
                        .equals("Running"));
        SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
        resolver.setPort(dnsPort);
        Message answer = resolver.send(Message.newQuery(
                Record.newRecord(Name.fromString("kubernetes.default.svc.cluster.local."), Type.A, DClass.IN)));
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);

        Path dashboard = repositoryRoot().resolve("helm/skiff/dashboards/skiff.json");
        Set<String> wanted = dashboardMetrics(new ObjectMapper().readTree(dashboard.toFile()));
        assertThat(wanted).hasSizeGreaterThan(20);

        String proxyDocs = Files.readString(repositoryRoot().resolve("docs/proxy.md"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<String> exposed = exposedMetrics();
            List<String> missing = new ArrayList<>();
            for (String metric : wanted) {
                if (metric.startsWith("kubeproxy_")) {
                    // The proxy does not run beside hollow nodes: its names are checked against its docs.
                    if (!proxyDocs.contains(metric.replaceAll("_(bucket|sum|count)$", ""))) {
                        missing.add(metric + " (not in docs/proxy.md)");
                    }
                } else if (!exposed.contains(metric)) {
                    missing.add(metric);
                }
            }
            assertThat(missing).as("dashboard metrics no component exposes").isEmpty();
        });
    }

    /** The metric names in the dashboard's queries: identifiers left once functions, labels and ranges are removed. */
    static Set<String> dashboardMetrics(JsonNode dashboard) {
        Set<String> metrics = new TreeSet<>();
        Set<String> keywords =
                Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless");
        Pattern identifier = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
        for (JsonNode target : dashboard.findValues("targets")) {
            for (JsonNode query : target) {
                String expr = query.path("expr")
                        .asText()
                        .replaceAll("\\{[^}]*}", " ")
                        .replaceAll("\\[[^]]*]", " ")
                        .replaceAll("\\b(by|without)\\s*\\([^)]*\\)", " ");
                Matcher matcher = identifier.matcher(expr);
                while (matcher.find()) {
                    String name = matcher.group();
                    boolean function =
                            expr.substring(matcher.end()).stripLeading().startsWith("(");
                    if (!function && !keywords.contains(name)) {
                        metrics.add(name);
                    }
                }
            }
        }
        return metrics;
    }

    private static Set<String> exposedMetrics() throws IOException, InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Set<String> names = new TreeSet<>();
        for (Map.Entry<String, Integer> component : metricsPorts.entrySet()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + component.getValue() + "/actuator/prometheus"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as(component.getKey() + "'s /actuator/prometheus")
                    .isEqualTo(200);
            response.body()
                    .lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("[{ ]", 2)[0])
                    .forEach(names::add);
        }
        return names;
    }

    private static JsonNode get(String path) {
        KubeHttp.Reply reply = http.get(path);
        assertThat(reply.code()).as("GET " + path).isEqualTo(200);
        return reply.body();
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("helm"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no repository root above " + Path.of("").toAbsolutePath());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
