package io.skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.api.ApiException;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ServiceAccount admission plugin's limits on mirror pods. */
class MirrorPodRestrictionsTest {

    private static final ResourceType PODS =
            ResourceCatalog.builtin().byPlural("", "v1", "pods").orElseThrow();

    static Stream<Arguments> refused() {
        return Stream.of(
                argumentSet(
                        "a service account",
                        "{\"serviceAccountName\": \"builder\", \"containers\": [{\"name\": \"main\"}]}",
                        "a mirror pod may not reference service accounts"),
                argumentSet(
                        "an image pull secret",
                        "{\"imagePullSecrets\": [{\"name\": \"registry\"}], \"containers\": [{\"name\": \"main\"}]}",
                        "a mirror pod may not reference secrets"),
                argumentSet(
                        "a secret in an init container's environment",
                        "{\"initContainers\": [{\"name\": \"init\", \"env\": [{\"name\": \"X\", \"valueFrom\":"
                                + " {\"secretKeyRef\": {\"name\": \"s\", \"key\": \"k\"}}}]}],"
                                + " \"containers\": [{\"name\": \"main\"}]}",
                        "a mirror pod may not reference secrets"),
                argumentSet(
                        "a secret volume",
                        "{\"containers\": [{\"name\": \"main\"}], \"volumes\": [{\"name\": \"v\", \"secret\":"
                                + " {\"secretName\": \"s\"}}]}",
                        "a mirror pod may not reference secrets"),
                argumentSet(
                        "a projected secret",
                        "{\"containers\": [{\"name\": \"main\"}], \"volumes\": [{\"name\": \"v\", \"projected\":"
                                + " {\"sources\": [{\"secret\": {\"name\": \"s\"}}]}}]}",
                        "a mirror pod may not reference secrets"),
                argumentSet(
                        "a service account token",
                        "{\"containers\": [{\"name\": \"main\"}], \"volumes\": [{\"name\": \"v\", \"projected\":"
                                + " {\"sources\": [{\"serviceAccountToken\": {\"path\": \"token\"}}]}}]}",
                        "a mirror pod may not use ServiceAccountToken volume projections"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void aMirrorPodThatRefersToWhatItMayNotIsForbidden(String spec, String reason) throws Exception {
        Optional<ApiException> refused = MirrorPodRestrictions.check(PODS, pod(true, spec));

        assertThat(refused).hasValueSatisfying(error -> {
            assertThat(error.status().getCode()).isEqualTo(403);
            assertThat(error.status().getReason()).isEqualTo("Forbidden");
            assertThat(error.status().getMessage()).isEqualTo("pods \"etcd-node-1\" is forbidden: " + reason);
            assertThat(error.status().getDetails().getKind()).isEqualTo("pods");
        });
    }

    @Test
    void aMirrorPodWithLocalVolumesOnlyIsFine() throws Exception {
        String spec = "{\"containers\": [{\"name\": \"main\"}], \"volumes\": [{\"name\": \"v\", \"hostPath\":"
                + " {\"path\": \"/etc\"}}, {\"name\": \"d\", \"projected\": {\"sources\": [{\"downwardAPI\": {}}]}}]}";

        assertThat(MirrorPodRestrictions.check(PODS, pod(true, spec))).isEmpty();
    }

    @Test
    void otherPodsAreNotItsBusiness() throws Exception {
        assertThat(MirrorPodRestrictions.check(PODS, pod(false, "{\"serviceAccountName\": \"builder\"}")))
                .isEmpty();
    }

    private static ObjectNode pod(boolean mirror, String spec) throws Exception {
        String annotations = mirror ? "{\"kubernetes.io/config.mirror\": \"0123abcd\"}" : "{}";
        return (ObjectNode) KubeJson.mapper()
                .readTree("{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"etcd-node-1\","
                        + " \"annotations\": " + annotations + "}, \"spec\": " + spec + "}");
    }
}
