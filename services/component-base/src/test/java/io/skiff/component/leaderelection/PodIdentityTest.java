package io.skiff.component.leaderelection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A component's leader-election identity in a pod (a temp dir stands in for the service account mount). */
class PodIdentityTest {

    @TempDir
    Path serviceAccount;

    @Test
    void theDownwardApisNamespaceAndPodName() {
        Map<String, String> env = Map.of("POD_NAME", "skiff-scheduler-7d9f-x2x7q", "POD_NAMESPACE", "skiff-system");

        assertThat(PodIdentity.of(env::get, namespaceFile())).contains("skiff-system/skiff-scheduler-7d9f-x2x7q");
    }

    @Test
    void withoutPodNamespaceTheServiceAccountsNamespace() throws Exception {
        Files.writeString(namespaceFile(), "skiff-system");

        assertThat(PodIdentity.of(Map.of("POD_NAME", "skiff-scheduler-0")::get, namespaceFile()))
                .contains("skiff-system/skiff-scheduler-0");
    }

    @Test
    void withoutPodNameInAPodTheHostnameKubernetesGaveIt() throws Exception {
        Files.writeString(namespaceFile(), "skiff-system");

        assertThat(PodIdentity.of(Map.of("HOSTNAME", "skiff-scheduler-1")::get, namespaceFile()))
                .contains("skiff-system/skiff-scheduler-1");
    }

    @Test
    void outsideAPodThereIsNoPodIdentity() {
        assertThat(PodIdentity.of(Map.of("HOSTNAME", "laptop")::get, namespaceFile()))
                .as("HOSTNAME alone does not mean a pod")
                .isEmpty();
    }

    @Test
    void aPodNameWithoutAnyNamespaceIsTheIdentityAlone() {
        assertThat(PodIdentity.of(Map.of("POD_NAME", "skiff-scheduler-0")::get, namespaceFile()))
                .contains("skiff-scheduler-0");
    }

    @Test
    void anExplicitIdentityStillWins() {
        LeaderElectionProperties properties =
                new LeaderElectionProperties(true, null, null, null, null, "kube-scheduler", "me", true);

        assertThat(properties.identity()).isEqualTo("me");
    }

    private Path namespaceFile() {
        return serviceAccount.resolve("namespace");
    }
}
