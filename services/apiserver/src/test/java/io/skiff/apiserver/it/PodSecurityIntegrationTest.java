package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PodSecurity admission through the real kubectl: an enforced level refuses with Kubernetes'
 * message, a warn level admits and kubectl prints the {@code Warning:} lines, for pods, for
 * workloads and when a namespace's enforce level tightens over pods it already has.
 */
class PodSecurityIntegrationTest {

    private static final String PRIVILEGED_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: %s
            spec:
              containers:
              - name: c
                image: busybox
                securityContext:
                  privileged: true
            """;

    @TempDir
    static Path work;

    private static ApiServerInstance server;
    private static KubeHttp http;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws IOException {
        server = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(server.baseUrl());
        kubectl = Kubectl.against(server.baseUrl(), Files.createDirectories(work.resolve("kubectl")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anEnforcedRestrictedNamespaceRefusesAPlainPod() {
        assertThat(kubectl.run("create", "namespace", "locked").exitCode()).isZero();
        assertThat(kubectl.run("label", "namespace", "locked", "pod-security.kubernetes.io/enforce=restricted")
                        .exitCode())
                .isZero();
        consistentNamespaces();

        Kubectl.Result refused = kubectl.run("run", "x", "--image=busybox", "-n", "locked");

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr().strip())
                .isEqualTo("Error from server (Forbidden): pods \"x\" is forbidden: violates PodSecurity"
                        + " \"restricted:latest\": allowPrivilegeEscalation != false (container \"x\" must set"
                        + " securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container \"x\""
                        + " must set securityContext.capabilities.drop=[\"ALL\"]), runAsNonRoot != true (pod or"
                        + " container \"x\" must set securityContext.runAsNonRoot=true), seccompProfile (pod or"
                        + " container \"x\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or"
                        + " \"Localhost\")");
    }

    @Test
    void aWarnNamespaceAdmitsAndKubectlPrintsTheWarning() {
        assertThat(kubectl.run("create", "namespace", "watched").exitCode()).isZero();
        assertThat(kubectl.run("label", "namespace", "watched", "pod-security.kubernetes.io/warn=baseline")
                        .exitCode())
                .isZero();
        consistentNamespaces();

        Kubectl.Result created =
                kubectl.runWithInput(PRIVILEGED_POD.formatted("root"), "apply", "-n", "watched", "-f", "-");

        assertThat(created.exitCode()).isZero();
        assertThat(created.out()).isEqualTo("pod/root created");
        assertThat(created.stderr())
                .contains("Warning: would violate PodSecurity \"baseline:latest\": privileged (container \"c\" must not"
                        + " set securityContext.privileged=true)");

        Kubectl.Result plain = kubectl.run(
                "create", "deployment", "web", "--image=busybox", "-n", "watched", "--dry-run=server", "-o", "name");
        assertThat(plain.exitCode()).isZero();
        assertThat(plain.stderr()).doesNotContain("Warning");

        Kubectl.Result privileged = kubectl.runWithInput("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: agent
                spec:
                  selector:
                    matchLabels: {app: agent}
                  template:
                    metadata:
                      labels: {app: agent}
                    spec:
                      hostNetwork: true
                      containers:
                      - name: agent
                        image: busybox
                """, "apply", "-n", "watched", "-f", "-");
        assertThat(privileged.exitCode()).isZero();
        assertThat(privileged.out()).isEqualTo("deployment.apps/agent created");
        assertThat(privileged.stderr())
                .contains("Warning: would violate PodSecurity \"baseline:latest\": host namespaces (hostNetwork=true)");
    }

    @Test
    void tighteningANamespaceWarnsAboutItsExistingPods() {
        assertThat(kubectl.run("create", "namespace", "legacy").exitCode()).isZero();
        assertThat(kubectl.runWithInput(PRIVILEGED_POD.formatted("old-0"), "apply", "-n", "legacy", "-f", "-")
                        .exitCode())
                .isZero();
        assertThat(kubectl.runWithInput(PRIVILEGED_POD.formatted("old-1"), "apply", "-n", "legacy", "-f", "-")
                        .exitCode())
                .isZero();
        assertThat(http.get("/api/v1/namespaces/legacy/pods").code()).isEqualTo(200);

        Kubectl.Result labelled =
                kubectl.run("label", "namespace", "legacy", "pod-security.kubernetes.io/enforce=baseline");

        assertThat(labelled.exitCode()).isZero();
        assertThat(labelled.stderr())
                .contains("Warning: existing pods in namespace \"legacy\" violate the new PodSecurity enforce level"
                        + " \"baseline:latest\"")
                .contains("Warning: old-0 (and 1 other pod): privileged");
    }

    @Test
    void anInvalidLevelLabelIsRefused() {
        assertThat(kubectl.run("create", "namespace", "typo").exitCode()).isZero();
        Kubectl.Result refused = kubectl.run("label", "namespace", "typo", "pod-security.kubernetes.io/enforce=strict");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr())
                .contains("namespaces \"typo\" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]:"
                        + " Invalid value: \"strict\": must be one of privileged, baseline, restricted");
    }

    /** A consistent list waits until the watch cache, which admission reads, has caught up. */
    private static void consistentNamespaces() {
        assertThat(http.get("/api/v1/namespaces").code()).isEqualTo(200);
    }
}
