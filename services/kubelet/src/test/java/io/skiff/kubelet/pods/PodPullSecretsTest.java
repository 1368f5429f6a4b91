package io.skiff.kubelet.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.skiff.kubelet.cri.RegistryCredentials;
import io.skiff.kubelet.envvars.SourceUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A pod's imagePullSecrets, read as the kubelet reads its pods' Secrets; unreadable ones are skipped. */
class PodPullSecretsTest {

    @Test
    void theReadableDockerConfigsGiveCredentialsAndTheOthersAreSkipped() {
        Secret registry = new SecretBuilder()
                .withNewMetadata()
                .withNamespace("team")
                .withName("registry")
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", base64("""
                        {"auths":{"https://registry.example:5000/v2/":{"username":"u","password":"p"}}}""")))
                .build();
        PodPullSecrets secrets = new PodPullSecrets((namespace, name) -> switch (name) {
            case "registry" -> Optional.of(registry);
            case "slow" ->
                throw new SourceUnavailableException(
                        "failed to sync secret cache: timed out waiting for the condition");
            default -> Optional.empty();
        });
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withNamespace("team")
                .withName("web")
                .withUid("uid-web")
                .endMetadata()
                .withNewSpec()
                .addNewImagePullSecret("missing")
                .addNewImagePullSecret("slow")
                .addNewImagePullSecret("registry")
                .endSpec()
                .build();

        assertThat(secrets.credentials(pod))
                .containsExactly(new RegistryCredentials("registry.example:5000", "u", "p"));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
