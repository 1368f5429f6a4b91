package io.skiff.component.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a pod tells the client: the kubernetes Service's address and the mounted service-account token. */
class InClusterConfigTest {

    @TempDir
    Path serviceAccount;

    @Test
    void theApiServerIsTheKubernetesServiceTheEnvironmentNames() {
        InClusterConfig config =
                config(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443"));

        assertThat(config.apiServerUrl()).contains(URI.create("http://10.96.0.1:443"));
    }

    @Test
    void anIpv6ServiceAddressGoesInBrackets() {
        InClusterConfig config =
                config(Map.of("KUBERNETES_SERVICE_HOST", "fd00::1", "KUBERNETES_SERVICE_PORT", "6443"));

        assertThat(config.apiServerUrl()).contains(URI.create("http://[fd00::1]:6443"));
    }

    @Test
    void theSchemeIsConfigurable() {
        InClusterConfig config = new InClusterConfig(
                new InClusterProperties(true, serviceAccount, Duration.ofMinutes(1), "https"),
                Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443")::get);

        assertThat(config.apiServerUrl()).contains(URI.create("https://10.96.0.1:443"));
        assertThatThrownBy(() -> new InClusterProperties(true, serviceAccount, Duration.ZERO, "ftp"))
                .hasMessageContaining("must be http or https");
    }

    @Test
    void outsideAPodThereIsNoInClusterApiServerNorToken() {
        InClusterConfig config = config(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"));

        assertThat(config.apiServerUrl()).as("a host without a port").isEmpty();
        assertThat(config.serviceAccountToken()).isEmpty();
    }

    @Test
    void theMountedTokenIsTheBearerToken() throws Exception {
        Files.writeString(serviceAccount.resolve("token"), "pod-token\n");

        assertThat(config(Map.of()).serviceAccountToken())
                .hasValueSatisfying(source -> assertThat(source.token()).isEqualTo("pod-token"));
    }

    @Test
    void disabledItUsesNeitherTheEnvironmentNorTheToken() throws Exception {
        Files.writeString(serviceAccount.resolve("token"), "pod-token");
        InClusterConfig config = new InClusterConfig(
                new InClusterProperties(false, serviceAccount, Duration.ofMinutes(1), "http"),
                Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443")::get);

        assertThat(config.apiServerUrl()).isEmpty();
        assertThat(config.serviceAccountToken()).isEmpty();
    }

    private InClusterConfig config(Map<String, String> environment) {
        return new InClusterConfig(
                new InClusterProperties(true, serviceAccount, Duration.ofMinutes(1), null), environment::get);
    }
}
