package io.skiff.controllermanager.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RollingParametersTest {

    static Stream<Arguments> fenceposts() {
        return Stream.of(
                Arguments.of("percentages: surge rounds up, unavailability down", "25%", "25%", 10, 3, 2),
                Arguments.of("39% of 10", "39%", "39%", 10, 4, 3),
                Arguments.of("both zero: one pod may be unavailable", "0%", "0%", 10, 0, 1),
                Arguments.of("a percentage rounding to zero on both sides", "0%", "1%", 2, 0, 1),
                Arguments.of("1% surge of 1 rounds up to a pod", "1%", "25%", 1, 1, 0),
                Arguments.of("absolute numbers as they are", 3, 2, 10, 3, 2),
                Arguments.of("absolute zero unavailability with a surge", 1, 0, 5, 1, 0),
                Arguments.of("zero desired replicas", "25%", "25%", 0, 0, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fenceposts")
    void fencepostsResolveAsKubernetesRoundsThem(
            String description, Object maxSurge, Object maxUnavailable, int desired, int surge, int unavailable) {
        RollingParameters.Fenceposts resolved =
                RollingParameters.resolve(new IntOrString(maxSurge), new IntOrString(maxUnavailable), desired);

        assertThat(resolved).isEqualTo(new RollingParameters.Fenceposts(surge, unavailable));
    }

    @Test
    void aStringThatIsNotAPercentageIsRejected() {
        assertThatThrownBy(() -> RollingParameters.resolve(new IntOrString("oops"), new IntOrString("1%"), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a percentage");
        assertThatThrownBy(() -> RollingParameters.resolve(new IntOrString("x%"), new IntOrString("1%"), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid value \"x%\"");
    }

    static Stream<Arguments> maxUnavailable() {
        return Stream.of(
                Arguments.of("25% of 10", DeploymentMaker.web(10), 2),
                Arguments.of(
                        "more than the replicas is capped at the replicas",
                        DeploymentMaker.web(3).rolling(1, 5),
                        3),
                Arguments.of("a deployment scaled to zero", DeploymentMaker.web(0), 0),
                Arguments.of("Recreate has none", DeploymentMaker.web(10).recreate(), 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maxUnavailable")
    void maxUnavailable(String description, DeploymentMaker deployment, int expected) {
        assertThat(RollingParameters.maxUnavailable(deployment.build())).isEqualTo(expected);
    }

    @Test
    void recreateHasNoSurge() {
        assertThat(RollingParameters.maxSurge(DeploymentMaker.web(10).recreate().build()))
                .isZero();
        assertThat(RollingParameters.maxSurge(DeploymentMaker.web(10).build())).isEqualTo(3);
    }
}
