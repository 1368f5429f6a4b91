package io.skiff.kubelet.staticpods;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** skiff.kubelet.static-pod-path and file-check-frequency as Spring binds them. */
class StaticPodPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(StaticPodProperties.class)
    static class Bind {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bind.class);

    @Test
    void offByDefault() {
        runner.run(context -> {
            StaticPodProperties properties = context.getBean(StaticPodProperties.class);
            assertThat(properties.enabled()).isFalse();
            assertThat(properties.staticPodPath()).isNull();
            assertThat(properties.fileCheckFrequency()).isEqualTo(Duration.ofSeconds(20));
        });
    }

    @Test
    void bindsThePathAndTheFrequency() {
        runner.withPropertyValues(
                        "skiff.kubelet.static-pod-path=/etc/skiff/manifests/", "skiff.kubelet.file-check-frequency=1s")
                .run(context -> {
                    StaticPodProperties properties = context.getBean(StaticPodProperties.class);
                    assertThat(properties.enabled()).isTrue();
                    assertThat(properties.staticPodPath()).isEqualTo(Path.of("/etc/skiff/manifests"));
                    assertThat(properties.fileCheckFrequency()).isEqualTo(Duration.ofSeconds(1));
                });
    }

    @Test
    void aFrequencyTooHighIsRefused() {
        runner.withPropertyValues("skiff.kubelet.file-check-frequency=0s")
                .run(context -> assertThat(context).hasFailed());
    }
}
