package io.skiff.kubelet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.skiff.apiserver.pki.CertificateFiles;
import io.skiff.apiserver.pki.ClusterPki;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.apiserver.testing.TlsClientContext;
import io.skiff.kubelet.testing.KubeletInstance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet's API secured as a kubelet's is: HTTPS on its port, a client certificate from the
 * cluster CA required for exec and container logs, and the API server asked (SubjectAccessReview)
 * whether its user may use nodes/proxy on this node. The API server reaches it with its kubelet
 * client certificate ({@code kube-apiserver-kubelet-client}, bound to system:kubelet-api-admin), so
 * kubectl logs and exec work for an administrator; anyone else calling the kubelet directly gets 401
 * without a certificate and 403 without the right.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KubeletApiSecurityIntegrationTest {

    private static final String NODE = "secure-node";
    private static final String NAMESPACE = "secure-it";

    @TempDir
    static Path root;

    private static ClusterPki pki;
    private static ApiServerInstance apiServer;
    private static KubeletInstance kubelet;
    private static KubeHttp admin;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        pki = ClusterPki.open(root.resolve("pki"), Clock.systemUTC());
        CertificateFiles kubeletClient =
                pki.client("apiserver-kubelet-client", "kube-apiserver-kubelet-client", List.of());
        apiServer = ApiServerInstance.overTls(
                TestPostgres.newDatabase(),
                pki,
                "--skiff.apiserver.authorization.modes=Node,RBAC",
                "--skiff.apiserver.kubelet.client-certificate=" + kubeletClient.certificate(),
                "--skiff.apiserver.kubelet.client-key=" + kubeletClient.privateKey());
        String httpsUrl = apiServer.httpsUrl();
        CertificateFiles adminCertificate = pki.client("admin", "system:admin", List.of("system:masters"));
        admin = KubeHttp.overTls(httpsUrl, pki.caCertificate(), adminCertificate);
        assertThat(admin.createNamespace(NAMESPACE).code()).isEqualTo(201);

        CertificateFiles node = pki.client("kubelet", "system:node:" + NODE, List.of("system:nodes"));
        kubelet = KubeletInstance.start(
                httpsUrl,
                NODE,
                root.resolve("kubelet"),
                "--skiff.apiserver.tls.certificate-authority=" + pki.caCertificate(),
                "--skiff.apiserver.tls.client-certificate=" + node.certificate(),
                "--skiff.apiserver.tls.client-key=" + node.privateKey(),
                "--skiff.kubelet.tls.client-ca-file=" + pki.caCertificate());

        Path kubeconfig = root.resolve("admin.kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: skiff
                  cluster: {server: %s, certificate-authority: %s}
                users:
                - name: admin
                  user: {client-certificate: %s, client-key: %s}
                contexts:
                - name: skiff
                  context: {cluster: skiff, user: admin}
                current-context: skiff
                """.formatted(
                        httpsUrl, pki.caCertificate(), adminCertificate.certificate(), adminCertificate.privateKey()));
        kubectl = Kubectl.withKubeconfig(kubeconfig, Files.createDirectories(root.resolve("kubectl")));

        KubeHttp.Reply created = admin.post("/api/v1/namespaces/" + NAMESPACE + "/pods", """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "talker"},
                 "spec": {"nodeName": "%s", "terminationGracePeriodSeconds": 1,
                          "containers": [{"name": "main", "image": "busybox:1.36",
                                          "command": ["sh", "-c", "echo hello from talker; sleep 3600"]}]}}
                """.formatted(NODE));
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> admin.get("/api/v1/namespaces/" + NAMESPACE + "/pods/talker")
                        .body()
                        .at("/status/containerStatuses/0/state")
                        .has("running"));
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
    void kubectlLogsAndExecGoThroughTheApiServersKubeletClientCertificate() {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(
                                kubectl.run("logs", "-n", NAMESPACE, "talker").stdout())
                        .isEqualTo("hello from talker\n"));

        Kubectl.Result exec = kubectl.run("exec", "-n", NAMESPACE, "talker", "--", "sh", "-c", "echo inside; exit 2");
        assertThat(exec.exitCode()).as(exec.stderr()).isEqualTo(2);
        assertThat(exec.stdout()).isEqualTo("inside\n");
    }

    @Test
    void withoutAClientCertificateTheKubeletsApiIsUnauthorized() throws Exception {
        HttpResponse<String> logs = direct(null, "/containerLogs/" + NAMESPACE + "/talker/main");
        HttpResponse<String> exec = direct(null, "/exec/" + NAMESPACE + "/talker/main?command=true&output=1");

        assertThat(logs.statusCode()).isEqualTo(401);
        assertThat(logs.body()).isEqualTo("Unauthorized\n");
        assertThat(exec.statusCode()).isEqualTo(401);
    }

    @Test
    void aUserWithoutNodesProxyIsForbiddenAndAMasterIsServed() throws Exception {
        CertificateFiles scheduler = pki.client("scheduler", "system:kube-scheduler", List.of());

        HttpResponse<String> refused = direct(scheduler, "/containerLogs/" + NAMESPACE + "/talker/main");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body())
                .isEqualTo(
                        "Forbidden (user=system:kube-scheduler, verb=get, resource=nodes, subresource(s)=[proxy])\n");

        CertificateFiles master = pki.client("other-admin", "someone", List.of("system:masters"));
        HttpResponse<String> served = direct(master, "/containerLogs/" + NAMESPACE + "/talker/main");
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(served.body()).isEqualTo("hello from talker\n");
    }

    /** A GET straight to the kubelet's port over TLS (its self-signed certificate taken as it is). */
    private static HttpResponse<String> direct(CertificateFiles client, String path) throws Exception {
        SSLContext tls = TlsClientContext.anyServer(client);
        HttpClient http = HttpClient.newBuilder().sslContext(tls).build();
        return http.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + kubelet.serverPort() + path))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
