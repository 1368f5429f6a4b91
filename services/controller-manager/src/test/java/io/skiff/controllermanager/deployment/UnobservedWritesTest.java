package io.skiff.controllermanager.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.skiff.controllermanager.expectations.Expectations;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UnobservedWritesTest {

    private static final ReplicaSet SET =
            SetMaker.of(DeploymentMaker.web(3).build()).replicas(3).build();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a set never written", null, "10", Duration.ZERO, true),
                Arguments.of("the cache shows the write", "20", "20", Duration.ZERO, true),
                Arguments.of("the cache shows a later version", "20", "25", Duration.ZERO, true),
                Arguments.of("the cache still shows the version before the write", "20", "10", Duration.ZERO, false),
                Arguments.of("a resourceVersion that is not a number", "20", "abc", Duration.ZERO, true),
                Arguments.of(
                        "a write unseen for as long as an expectation lives",
                        "20",
                        "10",
                        Expectations.TTL.plusSeconds(1),
                        true),
                Arguments.of("a write unseen for less than that", "20", "10", Expectations.TTL.minusSeconds(1), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aDeploymentWaitsForItsCacheToShowTheSetsAsItLastWroteThem(
            String description, String written, String cached, Duration later, boolean seen) {
        DeploymentHarness.MovableClock clock = new DeploymentHarness.MovableClock(DeploymentMaker.NOW);
        UnobservedWrites unobserved = new UnobservedWrites(clock);
        if (written != null) {
            unobserved.written(version(written));
        }
        clock.advance(later);

        assertThat(unobserved.seenIn(List.of(version(cached)))).isEqualTo(seen);
        assertThat(unobserved.seenIn(List.of(version("10"))))
                .as("a write once seen is forgotten")
                .isEqualTo(seen);
    }

    private static ReplicaSet version(String resourceVersion) {
        return new ReplicaSetBuilder(SET)
                .editMetadata()
                .withResourceVersion(resourceVersion)
                .endMetadata()
                .build();
    }
}
