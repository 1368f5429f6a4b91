package io.skiff.scheduler.plugins.imagelocality;

import static io.skiff.scheduler.testing.NodeMaker.node;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.PluginRef;
import io.skiff.scheduler.framework.PluginRegistry;
import io.skiff.scheduler.framework.PluginSet;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.framework.ProfileConfig;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.framework.runtime.FrameworkRunner;
import io.skiff.scheduler.testing.PluginHarness;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageLocalityTest {

    private static final long MB = 1024L * 1024;

    private static Map<String, Long> scores(Pod pod, Snapshot snapshot) {
        FrameworkRunner framework = FrameworkRunner.builder(
                        new PluginRegistry()
                                .register(Plugins.IMAGE_LOCALITY, (args, handle) -> new ImageLocality(handle)),
                        ProfileConfig.named("test")
                                .withMultiPoint(PluginSet.enabled(PluginRef.of(Plugins.IMAGE_LOCALITY))))
                .snapshot(snapshot)
                .build();
        return PluginHarness.scores(new ImageLocality(framework), pod, snapshot);
    }

    @Test
    void largerLocalImagesScoreHigherScaledByTheirSpread() {
        Snapshot snapshot = PluginHarness.snapshot(
                List.of(),
                node("big").image(300 * MB, "registry.local/app:1.0").build(),
                node("small").image(40 * MB, "registry.local/app:1.0-slim").build());

        // 300 MB on 1 of 2 nodes counts 150 MB: 100 * (150 - 23) / (1000 - 23) = 12; 40 MB spread to 20 MB is below 23
        // MB
        Map<String, Long> scores =
                scores(pod("p").containerImage("registry.local/app:1.0").build(), snapshot);

        assertThat(scores).containsExactly(Map.entry("big", 12L), Map.entry("small", 0L));
    }

    @Test
    void untaggedImagesMatchTheLatestTag() {
        Snapshot snapshot = PluginHarness.snapshot(
                List.of(), node("n1").image(2000 * MB, "busybox:latest").build());

        assertThat(scores(pod("p").containerImage("busybox").build(), snapshot)).containsExactly(Map.entry("n1", 100L));
    }

    static Stream<Arguments> thresholds() {
        return Stream.of(
                Arguments.of("below the minimum threshold scores 0", 10 * MB, 1, 0L),
                Arguments.of("at the per-container maximum scores 100", 1000 * MB, 1, 100L),
                Arguments.of("above the maximum is capped", 5000 * MB, 1, 100L),
                Arguments.of("the maximum grows with the number of containers", 1000 * MB, 2, 49L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("thresholds")
    void calculatePriority(String name, long sum, int containers, long expected) {
        assertThat(ImageLocality.calculatePriority(sum, containers)).isEqualTo(expected);
    }

    @Test
    void imageNamesWithoutTagGetLatest() {
        assertThat(ImageLocality.normalizedImageName("busybox")).isEqualTo("busybox:latest");
        assertThat(ImageLocality.normalizedImageName("127.0.0.1:5000/busybox"))
                .isEqualTo("127.0.0.1:5000/busybox:latest");
        assertThat(ImageLocality.normalizedImageName("busybox:1.36")).isEqualTo("busybox:1.36");
    }
}
