package io.skiff.kubelet.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The container log rotation and image garbage collection settings, with the kubelet's defaults. */
class OperationsPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ContainerLogProperties.class, ImageGcProperties.class})
    static class Bind {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bind.class);

    @Test
    void defaults() {
        runner.run(context -> {
            ContainerLogProperties logs = context.getBean(ContainerLogProperties.class);
            assertThat(logs.containerLogMaxSize()).isEqualTo("10Mi");
            assertThat(logs.maxSizeBytes()).isEqualTo(10L * 1024 * 1024);
            assertThat(logs.containerLogMaxFiles()).isEqualTo(5);
            assertThat(logs.containerLogMonitorInterval()).isEqualTo(Duration.ofSeconds(10));
            ImageGcProperties gc = context.getBean(ImageGcProperties.class);
            assertThat(gc.imageGcHighThresholdPercent()).isEqualTo(85);
            assertThat(gc.imageGcLowThresholdPercent()).isEqualTo(80);
            assertThat(gc.imageMinimumGcAge()).isEqualTo(Duration.ofMinutes(2));
            assertThat(gc.imageMaximumGcAge()).isZero();
        });
    }

    @Test
    void everySettingBinds() {
        runner.withPropertyValues(
                        "skiff.kubelet.container-log-max-size=500Ki",
                        "skiff.kubelet.container-log-max-files=3",
                        "skiff.kubelet.container-log-monitor-interval=2s",
                        "skiff.kubelet.image-gc-high-threshold-percent=90",
                        "skiff.kubelet.image-gc-low-threshold-percent=70",
                        "skiff.kubelet.image-minimum-gc-age=5m",
                        "skiff.kubelet.image-maximum-gc-age=168h")
                .run(context -> {
                    ContainerLogProperties logs = context.getBean(ContainerLogProperties.class);
                    assertThat(logs.maxSizeBytes()).isEqualTo(500L * 1024);
                    assertThat(logs.containerLogMaxFiles()).isEqualTo(3);
                    assertThat(logs.containerLogMonitorInterval()).isEqualTo(Duration.ofSeconds(2));
                    ImageGcProperties gc = context.getBean(ImageGcProperties.class);
                    assertThat(gc.imageGcHighThresholdPercent()).isEqualTo(90);
                    assertThat(gc.imageGcLowThresholdPercent()).isEqualTo(70);
                    assertThat(gc.imageMinimumGcAge()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(gc.imageMaximumGcAge()).isEqualTo(Duration.ofDays(7));
                });
    }

    @Test
    void aNegativeMaxSizeTurnsRotationOff() {
        runner.withPropertyValues("skiff.kubelet.container-log-max-size=-1")
                .run(context -> assertThat(
                                context.getBean(ContainerLogProperties.class).maxSizeBytes())
                        .isNegative());
    }

    @Test
    void aSingleLogFileOrAnUnreadableSizeIsRefused() {
        runner.withPropertyValues("skiff.kubelet.container-log-max-files=1")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessage("skiff.kubelet.container-log-max-files must be more than 1, got 1"));
        runner.withPropertyValues("skiff.kubelet.container-log-max-size=10MB")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("failed to parse container log max size \"10MB\""));
    }
}
