package io.skiff.apiserver.defaulting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {

    private static final String DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @ParameterizedTest(name = "{0} is pulled {1}")
    @CsvSource({
        "nginx, Always",
        "nginx:latest, Always",
        "nginx:1.25, IfNotPresent",
        "library/nginx, Always",
        "docker.io/library/nginx:1.25, IfNotPresent",
        "registry.example.com:5000/team/app, Always",
        "registry.example.com:5000/team/app:v2, IfNotPresent",
        "localhost/app:latest, Always",
        "127.0.0.1:5000/busybox, Always",
        "Nginx, IfNotPresent",
        "nginx:, IfNotPresent",
        "'', IfNotPresent",
        "UPPER.example.com/app, Always",
    })
    void pullsLatestAlwaysAndEverythingElseIfNotPresent(String image, String policy) {
        assertThat(ImageReference.defaultPullPolicy(image)).isEqualTo(policy);
    }

    @ParameterizedTest(name = "digest reference {0} is pulled {1}")
    @CsvSource({"nginx@, IfNotPresent", "nginx:latest@, Always", "nginx:1.25@, IfNotPresent"})
    void digestsPinTheImageUnlessTaggedLatest(String prefix, String policy) {
        assertThat(ImageReference.defaultPullPolicy(prefix + DIGEST)).isEqualTo(policy);
    }
}
