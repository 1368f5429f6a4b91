package io.skiff.kubelet.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Formatting and defaults the pod workers take from Kubernetes. */
class SmallPartsTest {

    @ParameterizedTest(name = "{0} ms is {1}")
    @CsvSource({
        "0, 0s",
        "250, 250ms",
        "1500, 1.5s",
        "10000, 10s",
        "80000, 1m20s",
        "160000, 2m40s",
        "300000, 5m0s",
        "3725000, 1h2m5s"
    })
    void goDurations(long millis, String text) {
        assertThat(GoDurations.format(Duration.ofMillis(millis))).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "busybox, Always",
        "busybox:latest, Always",
        "busybox:1.36, IfNotPresent",
        "127.0.0.1:5000/app, Always",
        "127.0.0.1:5000/app:2, IfNotPresent",
        "busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, IfNotPresent"
    })
    void pullPolicyDefaultsByTag(String image, String policy) {
        assertThat(ImagePuller.pullPolicy(
                        new ContainerBuilder().withImage(image).build()))
                .isEqualTo(policy);
    }
}
