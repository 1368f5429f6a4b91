package io.skiff.distribution;

import static io.skiff.distribution.HelmChartTest.nested;
import static io.skiff.distribution.HelmChartTest.springConfig;
import static io.skiff.distribution.HelmChartTest.template;
import static io.skiff.distribution.HelmChartTest.workloads;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart's security, rendered by real Helm: one CA made at install signs the API servers' serving
 * certificate and one client certificate per control-plane component; each pod mounts only its own
 * key; the API servers serve HTTPS with Node and RBAC authorization; kubelets bootstrap their node's
 * certificate in an init container.
 */
class HelmChartSecurityTest {

    /** The client certificates' users, as Skiff's default RBAC policy binds them. */
    private static final Map<String, String> COMPONENT_USERS = Map.of(
            "scheduler", "system:kube-scheduler",
            "controller-manager", "system:kube-controller-manager",
            "dns", "system:skiff:cluster-dns",
            "proxy", "system:kube-proxy",
            "ingress-controller", "system:skiff:ingress-controller");

    @Test
    void oneCaSignsTheServingCertificateForEveryNameTheApiServersAreReachedBy() throws Exception {
        Map<String, String> pki = secretData(template(UnaryOperator.identity()), "skiff-pki");
        X509Certificate ca = certificate(pki.get("ca.crt"));
        X509Certificate serving = certificate(pki.get("apiserver.crt"));

        assertThat(ca.getBasicConstraints()).as("the CA is a CA").isGreaterThanOrEqualTo(0);
        serving.verify(ca.getPublicKey());
        assertThat(serving.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1"); // serverAuth
        assertThat(serving.getSubjectAlternativeNames())
                .extracting(name -> name.get(1).toString())
                .contains(
                        "skiff-apiserver.skiff-system.svc",
                        "skiff-apiserver.skiff-system.svc.cluster.local",
                        "kubernetes.default.svc",
                        "localhost",
                        "127.0.0.1",
                        // The kubernetes Service inside Skiff: the first address of serviceCidr 10.96.0.0/12.
                        "10.96.0.1");
        assertThat(pki).containsKeys("ca.key", "apiserver.key", "service-account.key");
        assertThat(pki.get("service-account.key")).contains("PRIVATE KEY");
    }

    @Test
    void eachControlPlaneComponentHasAClientCertificateForItsRbacUser() throws Exception {
        Map<String, String> pki = secretData(template(UnaryOperator.identity()), "skiff-pki");
        X509Certificate ca = certificate(pki.get("ca.crt"));

        COMPONENT_USERS.forEach((component, user) -> {
            X509Certificate client = certificate(pki.get(component + ".crt"));
            try {
                client.verify(ca.getPublicKey());
                assertThat(client.getExtendedKeyUsage()).as(component).contains("1.3.6.1.5.5.7.3.2"); // clientAuth
            } catch (Exception e) {
                throw new AssertionError(component + "'s certificate: " + e.getMessage(), e);
            }
            assertThat(client.getSubjectX500Principal().getName(X500Principal.RFC2253))
                    .as(component)
                    .isEqualTo("CN=" + user);
            assertThat(pki.get(component + ".key")).as(component).contains("PRIVATE KEY");
        });
    }

    @Test
    void theTokenFileHasAnAdministratorAndTheKubeletsBootstrapIdentity() {
        RenderedChart chart = template(UnaryOperator.identity());
        Map<String, String> tokens = secretData(chart, "skiff-tokens");
        String admin = tokens.get("admin-token");
        String bootstrap = tokens.get("bootstrap-token");

        assertThat(admin).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(bootstrap);
        assertThat(tokens.get("tokens.csv").lines())
                .containsExactly(
                        admin + ",system:admin,skiff-admin,\"system:masters\"",
                        bootstrap
                                + ",system:bootstrap:skiff-chart,skiff-kubelet-bootstrap,"
                                + "\"system:bootstrappers,system:bootstrappers:skiff:agents\"");
        Map<String, Object> kubeconfig =
                new Yaml().load(secretData(chart, "skiff-admin-kubeconfig").get("kubeconfig"));
        assertThat(SourceTree.path(kubeconfig, "users")).asString().contains(admin);
        assertThat(SourceTree.path(kubeconfig, "clusters"))
                .asString()
                .contains("https://skiff-apiserver.skiff-system.svc:6443")
                .contains(Base64.getEncoder()
                        .encodeToString(
                                secretData(chart, "skiff-pki").get("ca.crt").getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theApiServersServeHttpsAndAuthorizeWithNodeAndRbac() {
        Map<String, Object> config = springConfig(template(UnaryOperator.identity()), "apiserver");

        assertThat(nested(config, "server", "ssl"))
                .containsEntry("certificate", "/etc/skiff-pki/apiserver.crt")
                .containsEntry("certificate-private-key", "/etc/skiff-pki/apiserver.key")
                .containsEntry("trust-certificate", "/etc/skiff-pki/ca.crt")
                .containsEntry("client-auth", "want");
        assertThat(SourceTree.path(config, "management", "server", "ssl", "enabled"))
                .isEqualTo(false);
        Map<String, Object> apiserver = nested(config, "skiff", "apiserver");
        assertThat(SourceTree.path(apiserver, "authorization", "modes")).isEqualTo(List.of("Node", "RBAC"));
        assertThat(SourceTree.path(apiserver, "authentication", "token-auth-file"))
                .isEqualTo("/etc/skiff-tokens/tokens.csv");
        assertThat(SourceTree.path(apiserver, "authentication", "anonymous", "paths"))
                .isEqualTo(List.of("/healthz", "/livez", "/readyz", "/version"));
        assertThat(SourceTree.path(apiserver, "service-account", "signing-key-file"))
                .isEqualTo("/etc/skiff-pki/service-account.key");
        assertThat(SourceTree.path(apiserver, "admission", "enable-plugins")).isEqualTo(List.of("ServiceAccount"));
        assertThat(nested(apiserver, "kubelet"))
                .as("kubelets are reached over TLS with a client certificate of the API servers' own")
                .containsEntry("client-certificate", "/etc/skiff-pki/apiserver-kubelet-client.crt")
                .containsEntry("client-key", "/etc/skiff-pki/apiserver-kubelet-client.key");
    }

    @Test
    void everyComponentReachesTheApiServersOverHttpsAsItself() {
        RenderedChart chart = template(UnaryOperator.identity());

        COMPONENT_USERS.keySet().forEach(component -> {
            Map<String, Object> client = nested(springConfig(chart, component), "skiff", "apiserver");
            assertThat(client.get("urls"))
                    .as(component)
                    .isEqualTo(List.of("https://skiff-apiserver.skiff-system.svc:6443"));
            assertThat(nested(client, "tls"))
                    .as(component)
                    .containsEntry("certificate-authority", "/etc/skiff-pki/ca.crt")
                    .containsEntry("client-certificate", "/etc/skiff-pki/" + component + ".crt")
                    .containsEntry("client-key", "/etc/skiff-pki/" + component + ".key");
            assertThat(SourceTree.path(client, "in-cluster", "enabled"))
                    .as(component + " does not send the host cluster's token")
                    .isEqualTo(false);
        });
        Map<String, Object> kubelet = nested(springConfig(chart, "kubelet"), "skiff", "apiserver");
        assertThat(nested(kubelet, "tls"))
                .containsEntry("client-certificate", "/var/lib/skiff/kubelet/pki/client-kubelet.crt")
                .containsEntry("client-key", "/var/lib/skiff/kubelet/pki/client-kubelet.key");
        assertThat(nested(springConfig(chart, "controller-manager"), "skiff", "controllers", "cluster-signing"))
                .containsEntry("cert-file", "/etc/skiff-pki/ca.crt")
                .containsEntry("key-file", "/etc/skiff-pki/ca.key");
    }

    @Test
    void eachPodMountsOnlyTheKeysItUses() {
        RenderedChart chart = template(UnaryOperator.identity());
        Map<String, io.fabric8.kubernetes.api.model.PodTemplateSpec> pods = workloads(chart);

        assertThat(pkiItems(pods.get("skiff-apiserver").getSpec()))
                .containsExactlyInAnyOrder(
                        "ca.crt",
                        "apiserver.crt",
                        "apiserver.key",
                        "service-account.key",
                        "apiserver-kubelet-client.crt",
                        "apiserver-kubelet-client.key");
        assertThat(pkiItems(pods.get("skiff-controller-manager").getSpec()))
                .containsExactlyInAnyOrder("ca.crt", "ca.key", "controller-manager.crt", "controller-manager.key");
        for (String component : List.of("scheduler", "dns", "proxy", "ingress-controller")) {
            assertThat(pkiItems(pods.get("skiff-" + component).getSpec()))
                    .as(component)
                    .containsExactlyInAnyOrder("ca.crt", component + ".crt", component + ".key");
        }
        assertThat(pkiItems(pods.get("skiff-kubelet").getSpec())).containsExactly("ca.crt");
        assertThat(pods)
                .allSatisfy((name, pod) -> assertThat(
                                pod.getSpec().getContainers().get(0).getVolumeMounts())
                        .as(name)
                        .anySatisfy(mount -> {
                            assertThat(mount.getName()).isEqualTo("pki");
                            assertThat(mount.getMountPath()).isEqualTo("/etc/skiff-pki");
                            assertThat(mount.getReadOnly()).isTrue();
                        }));
        assertThat(secretVolume(pods.get("skiff-apiserver").getSpec(), "tokens")
                        .getSecret()
                        .getItems())
                .extracting(KeyToPath::getKey)
                .containsExactly("tokens.csv");
    }

    @Test
    void kubeletsServeTheirApiOverHttpsToClientsOfTheClusterCa() throws Exception {
        RenderedChart chart = template(UnaryOperator.identity());
        X509Certificate kubeletClient =
                certificate(secretData(chart, "skiff-pki").get("apiserver-kubelet-client.crt"));
        Container kubelet = chart.named(DaemonSet.class, "skiff-kubelet")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);

        assertThat(kubeletClient.getSubjectX500Principal().getName(X500Principal.RFC2253))
                .isEqualTo("CN=kube-apiserver-kubelet-client");
        assertThat(SourceTree.path(springConfig(chart, "kubelet"), "skiff", "kubelet", "tls", "client-ca-file"))
                .isEqualTo("/etc/skiff-pki/ca.crt");
        assertThat(List.of(kubelet.getStartupProbe(), kubelet.getLivenessProbe(), kubelet.getReadinessProbe()))
                .allSatisfy(probe -> assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTPS"));
        assertThat(chart.named(DaemonSet.class, "skiff-kubelet")
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations())
                .containsEntry("prometheus.io/scheme", "https");
    }

    @Test
    void kubeletsBootstrapTheirNodesCertificateBeforeStarting() {
        PodSpec kubelet = template(UnaryOperator.identity())
                .named(DaemonSet.class, "skiff-kubelet")
                .getSpec()
                .getTemplate()
                .getSpec();

        Container init = kubelet.getInitContainers().get(0);
        assertThat(init.getImage()).isEqualTo("docker.io/skiff/skiff:0.1.0");
        assertThat(init.getArgs())
                .containsExactly(
                        "node-certificate",
                        "--server=https://skiff-apiserver.skiff-system.svc:6443",
                        "--certificate-authority=/etc/skiff-pki/ca.crt",
                        "--token-file=/etc/skiff-bootstrap/bootstrap-token",
                        "--node-name=$(NODE_NAME)",
                        "--dir=/var/lib/skiff/kubelet/pki");
        assertThat(init.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("NODE_NAME");
            assertThat(env.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
        });
        assertThat(init.getSecurityContext().getPrivileged()).isNotEqualTo(true);
        assertThat(init.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(secretVolume(kubelet, "bootstrap-token").getSecret().getItems())
                .extracting(KeyToPath::getKey)
                .containsExactly("bootstrap-token");
        assertThat(kubelet.getContainers().get(0).getVolumeMounts())
                .noneSatisfy(mount -> assertThat(mount.getName()).isEqualTo("bootstrap-token"));
        assertThat(template(UnaryOperator.identity()).all(Deployment.class))
                .allSatisfy(d -> assertThat(d.getSpec().getTemplate().getSpec().getVolumes())
                        .noneSatisfy(v -> assertThat(v.getName()).isEqualTo("bootstrap-token")));
    }

    private static List<String> pkiItems(PodSpec pod) {
        return secretVolume(pod, "pki").getSecret().getItems().stream()
                .map(KeyToPath::getKey)
                .toList();
    }

    private static Volume secretVolume(PodSpec pod, String name) {
        return pod.getVolumes().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    /** A rendered Secret's data, decoded. */
    static Map<String, String> secretData(RenderedChart chart, String name) {
        Secret secret = chart.named(Secret.class, name);
        Map<String, String> data = new java.util.TreeMap<>();
        if (secret.getData() != null) {
            secret.getData()
                    .forEach((key, value) ->
                            data.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.US_ASCII)));
        }
        if (secret.getStringData() != null) {
            data.putAll(secret.getStringData());
        }
        return data;
    }

    private static X509Certificate certificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new AssertionError("not a PEM certificate: " + e.getMessage(), e);
        }
    }
}
