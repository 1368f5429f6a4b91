package io.skiff.component.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.test.StepVerifier;

/**
 * The auto-configured client inside a pod: the kubernetes Service's variables (given as properties,
 * which is how Spring sees the environment) stand for the pod's environment, a temp dir for its
 * service-account mount.
 */
class InClusterClientTest {

    @TempDir
    Path serviceAccount;

    private final FakeApiServer server = new FakeApiServer(FakeApiServer.Reply.json(200, FakeApiServer.CONFIG_MAP));

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KubeClientAutoConfiguration.class));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void withoutUrlsTheClientGoesToTheInClusterApiServer() {
        runner.withPropertyValues(
                        "KUBERNETES_SERVICE_HOST=10.96.0.1",
                        "KUBERNETES_SERVICE_PORT=443",
                        "skiff.apiserver.in-cluster.service-account-dir=" + serviceAccount)
                .run(context -> assertThat(
                                context.getBean(KubeClient.class).properties().urls())
                        .containsExactly(URI.create("http://10.96.0.1:443")));
    }

    @Test
    void configuredUrlsWinOverTheInClusterApiServer() {
        runner.withPropertyValues(
                        "KUBERNETES_SERVICE_HOST=10.96.0.1",
                        "KUBERNETES_SERVICE_PORT=443",
                        "skiff.apiserver.urls=http://127.0.0.1:7001",
                        "skiff.apiserver.in-cluster.service-account-dir=" + serviceAccount)
                .run(context -> assertThat(
                                context.getBean(KubeClient.class).properties().urls())
                        .containsExactly(URI.create("http://127.0.0.1:7001")));
    }

    @Test
    void outsideAPodTheDefaultUrlStays() {
        runner.withPropertyValues("skiff.apiserver.in-cluster.service-account-dir=" + serviceAccount)
                .run(context -> assertThat(
                                context.getBean(KubeClient.class).properties().urls())
                        .containsExactly(ApiClientProperties.DEFAULT_URL));
    }

    @Test
    void requestsCarryThePodsTokenAndItsRotation() throws Exception {
        writeToken("first-token");
        runner.withPropertyValues(
                        "skiff.apiserver.urls=" + server.url(),
                        "skiff.apiserver.in-cluster.service-account-dir=" + serviceAccount,
                        "skiff.apiserver.in-cluster.token-reload-period=0s")
                .run(context -> {
                    KubeClient client = context.getBean(KubeClient.class);
                    get(client);
                    writeToken("rotated-token");
                    get(client);
                });

        assertThat(server.authorizations()).containsExactly("Bearer first-token", "Bearer rotated-token");
    }

    @Test
    void aConfiguredBearerTokenWinsOverThePodsToken() throws Exception {
        writeToken("pod-token");
        runner.withPropertyValues(
                        "skiff.apiserver.urls=" + server.url(),
                        "skiff.apiserver.bearer-token=join.token",
                        "skiff.apiserver.in-cluster.service-account-dir=" + serviceAccount)
                .run(context -> get(context.getBean(KubeClient.class)));

        assertThat(server.authorizations()).containsExactly("Bearer join.token");
    }

    @Test
    void disabledThePodsTokenIsNotSent() throws Exception {
        writeToken("pod-token");
        runner.withPropertyValues(
                        "skiff.apiserver.urls=" + server.url(),
                        "skiff.apiserver.in-cluster.enabled=false",
                        "skiff.apiserver.in-cluster.service-account-dir=" + serviceAccount)
                .run(context -> get(context.getBean(KubeClient.class)));

        assertThat(server.authorizations()).containsExactly("none");
    }

    private static void get(KubeClient client) {
        StepVerifier.create(client.resources(ConfigMap.class).get("ns", "a"))
                .expectNextCount(1)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    /** As the kubelet does: a new file swapped in. */
    private void writeToken(String token) throws Exception {
        Path next = serviceAccount.resolve("..token.tmp");
        Files.writeString(next, token);
        Files.move(next, serviceAccount.resolve("token"), StandardCopyOption.ATOMIC_MOVE);
    }
}
