package io.skiff.apiserver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Services through the real kubectl: create, expose, and what {@code kubectl get svc} prints. */
class KubectlServicesEndToEndTest {

    @TempDir
    static Path work;

    private static ApiServerInstance server;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() {
        server = ApiServerInstance.onDatabase(
                TestPostgres.newDatabase(), "--skiff.apiserver.advertise-address=192.0.2.1");
        kubectl = Kubectl.against(server.baseUrl(), work);
        kubectl.run("create", "namespace", "svc");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Kubectl.Result ok(String... args) {
        Kubectl.Result result = kubectl.run(args);
        assertThat(result.exitCode())
                .as(String.join(" ", args) + ": " + result.stderr())
                .isZero();
        return result;
    }

    @Test
    void createExposeAndGetShowTypesAddressesAndPorts() {
        assertThat(ok("-n", "svc", "create", "service", "nodeport", "web", "--tcp=80:8080", "--node-port=30080")
                        .out())
                .isEqualTo("service/web created");
        ok("-n", "svc", "create", "service", "clusterip", "headless", "--clusterip=None");
        ok("-n", "svc", "create", "service", "externalname", "ext", "--external-name=example.com");
        ok("-n", "svc", "create", "service", "loadbalancer", "lb", "--tcp=443:8443");
        ok("-n", "svc", "create", "deployment", "nginx", "--image=nginx:1.27", "--port=80");
        assertThat(ok("-n", "svc", "expose", "deployment", "nginx", "--port=80", "--target-port=8080")
                        .out())
                .isEqualTo("service/nginx exposed");

        String table = ok("-n", "svc", "get", "svc").out();
        assertThat(table.lines().findFirst().orElseThrow())
                .matches("NAME\\s+TYPE\\s+CLUSTER-IP\\s+EXTERNAL-IP\\s+PORT\\(S\\)\\s+AGE");
        assertThat(table).containsPattern("web\\s+NodePort\\s+10\\.\\d+\\.\\d+\\.\\d+\\s+<none>\\s+80:30080/TCP\\s+");
        assertThat(table).containsPattern("headless\\s+ClusterIP\\s+None\\s+<none>\\s+<none>\\s+");
        assertThat(table).containsPattern("ext\\s+ExternalName\\s+<none>\\s+example\\.com\\s+<none>\\s+");
        assertThat(table)
                .containsPattern("lb\\s+LoadBalancer\\s+10\\.\\d+\\.\\d+\\.\\d+\\s+<pending>\\s+443:3\\d{4}/TCP\\s+");
        assertThat(table).containsPattern("nginx\\s+ClusterIP\\s+10\\.\\d+\\.\\d+\\.\\d+\\s+<none>\\s+80/TCP\\s+");

        // The API server publishes the kubernetes Service from a loop that starts with it.
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> kubectl.run("get", "svc", "kubernetes").exitCode() == 0);
        String kubernetes = ok("get", "svc", "kubernetes").out();
        assertThat(kubernetes).containsPattern("kubernetes\\s+ClusterIP\\s+10\\.96\\.0\\.1\\s+<none>\\s+443/TCP\\s+");

        Kubectl.Result clash = kubectl.run(
                "-n", "svc", "create", "service", "nodeport", "clash", "--tcp=80:8080", "--node-port=30080");
        assertThat(clash.exitCode()).isNotZero();
        assertThat(clash.stderr())
                .contains(
                        "failed to create NodePort service: Service \"clash\" is invalid: spec.ports[0].nodePort: Invalid value: 30080:"
                                + " provided port is already allocated");

        Kubectl.Result outside = kubectl.run(
                "-n", "svc", "create", "service", "clusterip", "far", "--tcp=80:8080", "--clusterip=10.200.0.1");
        assertThat(outside.exitCode()).isNotZero();
        assertThat(outside.stderr())
                .contains("provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12");

        ok("-n", "svc", "delete", "service", "web");
        assertThat(ok("-n", "svc", "create", "service", "nodeport", "web2", "--tcp=80:8080", "--node-port=30080")
                        .out())
                .as("a deleted Service's node port is free again")
                .isEqualTo("service/web2 created");
    }
}
