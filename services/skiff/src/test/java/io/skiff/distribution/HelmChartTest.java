package io.skiff.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * helm/skiff checked with real Helm (helm-java runs Helm's Go library in this JVM): lint, then the
 * objects {@code helm template} renders with the default values and with others, as a cluster
 * would receive them.
 */
class HelmChartTest {

    private static final String RELEASE = "skiff";
    private static final String NAMESPACE = "skiff-system";
    /** helm template pretends to talk to Kubernetes 1.20 unless told otherwise; the chart needs 1.25. */
    private static final String KUBERNETES_VERSION = "1.32.0";

    @Test
    void lintFindsNothingToFix() {
        LintResult lint = new Helm(SourceTree.chart()).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void defaultValuesRenderEveryComponentWithItsKindAndNames() {
        RenderedChart chart = template(UnaryOperator.identity());

        assertThat(chart.kinds())
                .containsExactlyInAnyOrder(
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "ConfigMap",
                        "DaemonSet",
                        "Deployment",
                        "PodDisruptionBudget",
                        "Secret",
                        "Service",
                        "ServiceAccount");
        assertThat(chart.all(Deployment.class))
                .extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "skiff-apiserver", "skiff-scheduler", "skiff-controller-manager", "skiff-dns");
        assertThat(chart.all(DaemonSet.class))
                .extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("skiff-kubelet", "skiff-proxy", "skiff-ingress-controller");
        assertThat(chart.named(Deployment.class, "skiff-apiserver").getSpec().getReplicas())
                .isEqualTo(3);
        assertThat(chart.all(io.fabric8.kubernetes.api.model.HasMetadata.class))
                .filteredOn(o -> !o.getKind().startsWith("Cluster"))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(NAMESPACE));
    }

    @Test
    void everyContainerHasResourcesAndProbesOnItsActuatorHealthGroups() {
        RenderedChart chart = template(UnaryOperator.identity());
        Map<String, PodTemplateSpec> workloads = workloads(chart);

        assertThat(workloads).hasSize(7);
        workloads.forEach((name, template) -> {
            Container container = template.getSpec().getContainers().get(0);
            assertThat(container.getResources().getRequests())
                    .as(name + " requests")
                    .containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits())
                    .as(name + " limits")
                    .containsKey("memory");
            assertProbe(name, container, container.getLivenessProbe(), "/actuator/health/liveness");
            assertProbe(name, container, container.getStartupProbe(), "/actuator/health/liveness");
            assertProbe(name, container, container.getReadinessProbe(), "/actuator/health/readiness");
        });
    }

    @Test
    void probesAndScrapeAnnotationsPointAtEachServicesOwnActuatorPort() {
        RenderedChart chart = template(UnaryOperator.identity());
        Map<String, Integer> actuatorPorts = Map.of(
                "apiserver", SourceTree.actuatorPort("apiserver"),
                "scheduler", SourceTree.actuatorPort("scheduler"),
                "controller-manager", SourceTree.actuatorPort("controller-manager"),
                "dns", SourceTree.actuatorPort("dns"));

        actuatorPorts.forEach((service, port) -> {
            PodTemplateSpec template =
                    chart.named(Deployment.class, "skiff-" + service).getSpec().getTemplate();
            Container container = template.getSpec().getContainers().get(0);
            String probePort =
                    container.getLivenessProbe().getHttpGet().getPort().getStrVal();
            assertThat(containerPort(container, probePort))
                    .as(service + "'s probes use its actuator port")
                    .isEqualTo(port);
            assertThat(template.getMetadata().getAnnotations())
                    .as(service + "'s scrape annotations")
                    .containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/port", Integer.toString(port))
                    .containsEntry("prometheus.io/path", "/actuator/prometheus");
            assertThat(springConfig(chart, service).get("server"))
                    .as("the ConfigMap keeps " + service + " on the port its image and probes expect")
                    .isNotNull();
        });
        assertThat(containerPort(
                        chart.named(Deployment.class, "skiff-apiserver")
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0),
                        "api"))
                .isEqualTo(SourceTree.configuredPorts("apiserver").iterator().next());
    }

    @Test
    void schedulerAndControllerManagerElectALeaderThroughTheirLeases() {
        RenderedChart chart = template(UnaryOperator.identity());

        Map<String, String> leases =
                Map.of("scheduler", "kube-scheduler", "controller-manager", "kube-controller-manager");
        leases.forEach((service, lease) -> {
            assertThat(chart.named(Deployment.class, "skiff-" + service)
                            .getSpec()
                            .getReplicas())
                    .as(service + " runs a standby")
                    .isGreaterThan(1);
            Map<String, Object> election = nested(springConfig(chart, service), "skiff", "leader-election");
            assertThat(election)
                    .containsEntry("enabled", true)
                    .containsEntry("lease-name", lease)
                    .containsEntry("lease-namespace", "kube-system")
                    .containsEntry("lease-duration", "15s")
                    .containsEntry("renew-deadline", "10s")
                    .containsEntry("retry-period", "2s")
                    .as("each replica derives its identity from its pod")
                    .doesNotContainKey("identity");
            assertThat(chart.named(Deployment.class, "skiff-" + service)
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getEnv())
                    .as("the identity comes from the pod's namespace and name")
                    .anySatisfy(env -> {
                        assertThat(env.getName()).isEqualTo("POD_NAME");
                        assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                                .isEqualTo("metadata.name");
                    })
                    .anySatisfy(env -> {
                        assertThat(env.getName()).isEqualTo("POD_NAMESPACE");
                        assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                                .isEqualTo("metadata.namespace");
                    });
        });
    }

    @Test
    void everyPodMountsItsServiceAccountTokenUnlessToldNotTo() {
        assertThat(workloads(template(UnaryOperator.identity())))
                .allSatisfy((name, template) -> assertThat(template.getSpec().getAutomountServiceAccountToken())
                        .as(name + " reads its own pod from the host cluster with its service account token")
                        .isTrue());
        assertThat(workloads(template(helm -> helm.set("serviceAccount.automountToken", false))))
                .allSatisfy((name, template) -> assertThat(template.getSpec().getAutomountServiceAccountToken())
                        .as(name)
                        .isFalse());
    }

    @Test
    void apiServersKeepAServiceABudgetAndTheirDatabaseInASecret() {
        RenderedChart chart = template(UnaryOperator.identity());

        Service service = chart.named(Service.class, "skiff-apiserver");
        assertThat(service.getSpec().getPorts())
                .singleElement()
                .satisfies(port -> assertThat(port.getPort()).isEqualTo(6443));
        PodDisruptionBudget budget = chart.named(PodDisruptionBudget.class, "skiff-apiserver");
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getSelector().getMatchLabels())
                .isEqualTo(chart.named(Deployment.class, "skiff-apiserver")
                        .getSpec()
                        .getSelector()
                        .getMatchLabels());
        Container apiserver = chart.named(Deployment.class, "skiff-apiserver")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(apiserver.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("SKIFF_DATASTORE_URL");
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("skiff-datastore");
        });
        assertThat(chart.all(Deployment.class))
                .filteredOn(d -> !d.getMetadata().getName().equals("skiff-apiserver"))
                .flatExtracting(d -> d.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getEnv())
                .noneSatisfy(env -> assertThat(env.getName()).startsWith("SKIFF_DATASTORE"));
    }

    @Test
    void theDnsAnswersBehindItsServiceAndTheKubeletsPointPodsAtItsClusterIp() {
        RenderedChart chart = template(UnaryOperator.identity());

        Service dns = chart.named(Service.class, "skiff-kube-dns");
        assertThat(dns.getSpec().getPorts())
                .extracting(ServicePort::getName, ServicePort::getPort, ServicePort::getProtocol)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("dns", 53, "UDP"),
                        org.assertj.core.groups.Tuple.tuple("dns-tcp", 53, "TCP"));
        assertThat(nested(springConfig(chart, "dns"), "skiff", "dns"))
                .containsEntry("cluster-ip", "10.96.0.10")
                .containsEntry("port", 1053);
        assertThat(nested(springConfig(chart, "kubelet"), "skiff", "kubelet"))
                .containsEntry("cluster-dns", List.of("10.96.0.10"))
                .containsEntry("node-name", "${NODE_NAME}");
    }

    @Test
    void nodeAgentsRunPrivilegedOnTheNodesNetworkOnlyWhereSelected() {
        RenderedChart chart = template(UnaryOperator.identity());

        for (String agent : List.of("skiff-kubelet", "skiff-proxy")) {
            PodSpec pod =
                    chart.named(DaemonSet.class, agent).getSpec().getTemplate().getSpec();
            assertThat(pod.getHostNetwork()).as(agent).isTrue();
            assertThat(pod.getNodeSelector()).as(agent).containsEntry("skiff.io/node", "true");
            assertThat(pod.getContainers().get(0).getSecurityContext().getPrivileged())
                    .as(agent)
                    .isTrue();
        }
        assertThat(chart.all(Deployment.class))
                .allSatisfy(d -> assertThat(d.getSpec()
                                .getTemplate()
                                .getSpec()
                                .getSecurityContext()
                                .getRunAsNonRoot())
                        .as(d.getMetadata().getName() + " runs as non-root")
                        .isTrue());
        assertThat(chart.named(ClusterRoleBinding.class, "skiff-component").getSubjects())
                .extracting(s -> s.getName())
                .containsExactlyInAnyOrder(
                        "skiff-apiserver",
                        "skiff-scheduler",
                        "skiff-controller-manager",
                        "skiff-dns",
                        "skiff-node",
                        "skiff-ingress-controller");
    }

    @Test
    void theIngressControllerListensOnTheSkiffNodesPorts80And443() {
        RenderedChart chart = template(UnaryOperator.identity());

        PodTemplateSpec template = chart.named(DaemonSet.class, "skiff-ingress-controller")
                .getSpec()
                .getTemplate();
        PodSpec pod = template.getSpec();
        assertThat(pod.getHostNetwork())
                .as("Skiff's pod addresses are reachable from Skiff's nodes only")
                .isTrue();
        assertThat(pod.getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
        assertThat(pod.getNodeSelector()).containsEntry("skiff.io/node", "true");
        assertThat(pod.getServiceAccountName()).isEqualTo("skiff-ingress-controller");
        Container container = pod.getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("docker.io/skiff/ingress-controller:0.1.0");
        assertThat(containerPort(container, "http")).isEqualTo(80);
        assertThat(containerPort(container, "https")).isEqualTo(443);
        assertThat(containerPort(container, "metrics")).isEqualTo(12254);
        assertThat(container.getEnv())
                .as("the image's own 8080 and 8443 are replaced by the chart's ports")
                .anySatisfy(env -> {
                    assertThat(env.getName()).isEqualTo("SKIFF_INGRESS_HTTPPORT");
                    assertThat(env.getValue()).isEqualTo("80");
                })
                .anySatisfy(env -> {
                    assertThat(env.getName()).isEqualTo("SKIFF_INGRESS_HTTPSPORT");
                    assertThat(env.getValue()).isEqualTo("443");
                })
                .anySatisfy(env -> assertThat(env.getName()).isEqualTo("NODE_NAME"));
        var security = container.getSecurityContext();
        assertThat(security.getRunAsUser()).as("ports below 1024 need root").isZero();
        assertThat(security.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).containsExactly("NET_BIND_SERVICE");
        assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal())
                .isEqualTo("metrics");
        assertThat(template.getMetadata().getAnnotations())
                .containsEntry("prometheus.io/port", "12254")
                .containsEntry("prometheus.io/path", "/actuator/prometheus");

        Map<String, Object> config = springConfig(chart, "ingress-controller");
        assertThat(nested(config, "server")).containsEntry("port", 12254);
        assertThat(nested(config, "skiff", "apiserver"))
                .containsEntry("urls", List.of("https://skiff-apiserver.skiff-system.svc:6443"));
        assertThat(nested(config, "skiff", "ingress"))
                .as("the node's addresses go into the Ingresses' status; the IngressClass is made inside Skiff")
                .containsEntry("node-name", "${NODE_NAME}")
                .containsEntry("ensure-default-class", true);
        assertThat(SourceTree.serviceConfiguration("ingress-controller"))
                .as("the controller's own settings, which the ConfigMap's keys must match")
                .isNotEmpty();
        assertThat(chart.all(Service.class))
                .extracting(s -> s.getMetadata().getName())
                .doesNotContain("skiff-ingress-controller");
    }

    @Test
    void theIngressControllerAsADeploymentBehindALoadBalancerOnUnprivilegedPorts() {
        RenderedChart chart = template(helm -> helm.set("ingressController.kind", "Deployment")
                .set("ingressController.replicas", 3)
                .set("ingressController.httpPort", 8080)
                .set("ingressController.httpsPort", 8443)
                .set("ingressController.service.enabled", true)
                .set("ingressController.publishAddresses[0]", "203.0.113.10"));

        assertThat(chart.all(DaemonSet.class))
                .extracting(d -> d.getMetadata().getName())
                .doesNotContain("skiff-ingress-controller");
        Deployment deployment = chart.named(Deployment.class, "skiff-ingress-controller");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment
                        .getSpec()
                        .getStrategy()
                        .getRollingUpdate()
                        .getMaxSurge()
                        .getIntVal())
                .as("a surge pod would find the node's ports taken")
                .isZero();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getHostNetwork()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        Container container = pod.getContainers().get(0);
        assertThat(container.getSecurityContext().getRunAsUser()).isNull();
        assertThat(container.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(containerPort(container, "http")).isEqualTo(8080);

        Service service = chart.named(Service.class, "skiff-ingress-controller");
        assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(service.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
        assertThat(service.getSpec().getSelector())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(service.getSpec().getPorts())
                .extracting(
                        ServicePort::getName,
                        ServicePort::getPort,
                        p -> p.getTargetPort().getStrVal())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("http", 80, "http"),
                        org.assertj.core.groups.Tuple.tuple("https", 443, "https"));
        assertThat(nested(springConfig(chart, "ingress-controller"), "skiff", "ingress"))
                .containsEntry("publish-addresses", List.of("203.0.113.10"));
    }

    @Test
    void anUnknownIngressControllerKindIsRefused() {
        assertThatThrownBy(() -> template(helm -> helm.set("ingressController.kind", "StatefulSet")))
                .hasMessageContaining("ingressController.kind must be DaemonSet or Deployment");
    }

    @Test
    void theGrafanaDashboardShipsInALabelledConfigMap() {
        RenderedChart chart = template(UnaryOperator.identity());

        ConfigMap dashboard = chart.named(ConfigMap.class, "skiff-grafana-dashboard");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getData().get("skiff.json"))
                .isEqualTo(SourceTree.read(SourceTree.chart().resolve("dashboards/skiff.json")));
    }

    @Test
    void otherValuesChangeReplicasPortsLeaseTimingsAndTurnComponentsOff() {
        RenderedChart chart = template(helm -> helm.set("apiserver.replicas", 5)
                .set("apiserver.podDisruptionBudget.enabled", false)
                .set("scheduler.replicas", 3)
                .set("scheduler.port", 11259)
                .set("leaderElection.leaseDuration", "30s")
                .set("leaderElection.renewDeadline", "20s")
                .set("kubelet.enabled", false)
                .set("proxy.enabled", false)
                .set("ingressController.enabled", false)
                .set("grafanaDashboard.enabled", false)
                .set("dns.service.clusterIP", "10.43.0.10")
                .set("scheduler.config.skiff.apiserver.qps", 200)
                .set("image.tag", "1.2.3")
                .set("datastore.existingSecret", "pg"));

        assertThat(chart.named(Deployment.class, "skiff-apiserver").getSpec().getReplicas())
                .isEqualTo(5);
        assertThat(chart.all(PodDisruptionBudget.class)).isEmpty();
        assertThat(chart.all(DaemonSet.class)).isEmpty();
        assertThat(chart.all(io.fabric8.kubernetes.api.model.Secret.class))
                .as("an existing Secret replaces the chart's datastore Secret; the credentials stay")
                .extracting(secret -> secret.getMetadata().getName())
                .containsExactlyInAnyOrder("skiff-pki", "skiff-tokens", "skiff-admin-kubeconfig");
        Deployment scheduler = chart.named(Deployment.class, "skiff-scheduler");
        assertThat(scheduler.getSpec().getReplicas()).isEqualTo(3);
        Container container =
                scheduler.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("docker.io/skiff/scheduler:1.2.3");
        assertThat(containerPort(container, "http")).isEqualTo(11259);
        assertThat(scheduler.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/port", "11259");
        Map<String, Object> config = springConfig(chart, "scheduler");
        assertThat(nested(config, "server")).containsEntry("port", 11259);
        assertThat(nested(config, "skiff", "leader-election"))
                .containsEntry("lease-duration", "30s")
                .containsEntry("renew-deadline", "20s");
        assertThat(nested(config, "skiff", "apiserver"))
                .as("a component's config value merges over the chart's settings")
                .containsEntry("qps", 200)
                .containsKey("urls");
        assertThat(chart.named(Service.class, "skiff-kube-dns").getSpec().getClusterIP())
                .isEqualTo("10.43.0.10");
        assertThat(chart.named(Deployment.class, "skiff-apiserver")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getEnv())
                .filteredOn(env -> env.getName().startsWith("SKIFF_DATASTORE"))
                .isNotEmpty()
                .allSatisfy(
                        env -> assertThat(env.getValueFrom().getSecretKeyRef().getName())
                                .isEqualTo("pg"));
        assertThat(chart.all(ConfigMap.class))
                .extracting(c -> c.getMetadata().getName())
                .doesNotContain("skiff-grafana-dashboard", "skiff-kubelet", "skiff-proxy", "skiff-ingress-controller");
        assertThat(chart.all(io.fabric8.kubernetes.api.model.ServiceAccount.class))
                .extracting(a -> a.getMetadata().getName())
                .doesNotContain("skiff-ingress-controller");
    }

    @Test
    void aReleaseWithoutADatabaseUrlIsRefused() {
        assertThatThrownBy(() -> template(helm -> helm.set("datastore.url", "")))
                .hasMessageContaining("datastore.url is required");
    }

    private static void assertProbe(String workload, Container container, Probe probe, String path) {
        assertThat(probe).as(workload + " probe on " + path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(workload).isEqualTo(path);
        String port = probe.getHttpGet().getPort().getStrVal();
        assertThat(container.getPorts())
                .as(workload + "'s probe port " + port + " is one of its container ports")
                .anySatisfy(p -> assertThat(p.getName()).isEqualTo(port));
    }

    private static int containerPort(Container container, String name) {
        return container.getPorts().stream()
                .filter(p -> name.equals(p.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port " + name))
                .getContainerPort();
    }

    static Map<String, PodTemplateSpec> workloads(RenderedChart chart) {
        Map<String, PodTemplateSpec> workloads = new LinkedHashMap<>();
        chart.all(Deployment.class)
                .forEach(d ->
                        workloads.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        chart.all(DaemonSet.class)
                .forEach(d ->
                        workloads.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        return workloads;
    }

    /** The Spring configuration the chart gives a component, parsed from its ConfigMap. */
    static Map<String, Object> springConfig(RenderedChart chart, String service) {
        ConfigMap map = chart.named(ConfigMap.class, "skiff-" + service);
        assertThat(map.getData()).as(service + "'s ConfigMap").hasSize(1);
        String file = map.getData().keySet().iterator().next();
        assertThat(file).isEqualTo(service.equals("apiserver") ? "application.yaml" : service + ".yaml");
        return new Yaml().load(map.getData().get(file));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> nested(Map<String, Object> map, String... keys) {
        Object value = SourceTree.path(map, keys);
        assertThat(value).as(String.join(".", keys)).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    static RenderedChart template(UnaryOperator<TemplateCommand> values) {
        TemplateCommand command = new Helm(SourceTree.chart())
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBERNETES_VERSION)
                // helm-java's template, unlike helm template's, asks a cluster for lookup's objects;
                // the chart's lookup is tried against a real API server in HelmCompatibilityIntegrationTest.
                .set("security.keepCredentials", false);
        return RenderedChart.parse(values.apply(command).call());
    }
}
