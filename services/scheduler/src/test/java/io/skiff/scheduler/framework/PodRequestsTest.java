package io.skiff.scheduler.framework;

import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodRequestsTest {

    private static final long MI = 1024L * 1024;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no requests", pod("p").build(), 0L, 0L, 100L, 200 * MI),
                Arguments.of(
                        "app containers add up",
                        pod("p").container("cpu", "100m", "memory", "1Mi")
                                .container("cpu", "250m", "memory", "2Mi")
                                .build(),
                        350L,
                        3 * MI,
                        350L,
                        3 * MI),
                Arguments.of(
                        "the largest init container wins over a smaller app sum",
                        pod("p").container("cpu", "100m")
                                .initContainer("cpu", "1")
                                .initContainer("cpu", "500m")
                                .build(),
                        1000L,
                        0L,
                        1000L,
                        200 * MI),
                Arguments.of(
                        "sidecars add to the app containers and to later init containers",
                        pod("p").sidecar("cpu", "200m")
                                .initContainer("cpu", "900m")
                                .container("cpu", "300m")
                                .build(),
                        1100L,
                        0L,
                        1100L,
                        400 * MI),
                Arguments.of(
                        "overhead is added on top",
                        pod("p").container("cpu", "1", "memory", "1Gi")
                                .overhead("cpu", "250m")
                                .overhead("memory", "120Mi")
                                .build(),
                        1250L,
                        1144 * MI,
                        1250L,
                        1144 * MI),
                Arguments.of(
                        "an explicit zero request stays zero for spreading",
                        pod("p").container("cpu", "0", "memory", "0").build(),
                        0L,
                        0L,
                        0L,
                        0L),
                Arguments.of(
                        "fractions are added before rounding up",
                        pod("p").container("cpu", "0.0005")
                                .container("cpu", "0.0005")
                                .build(),
                        1L,
                        0L,
                        1L,
                        400 * MI));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void requests(String name, Pod pod, long milliCpu, long memory, long nonZeroMilliCpu, long nonZeroMemory) {
        Resource requests = PodRequests.of(pod);
        Resource nonZero = PodRequests.nonZero(pod);

        assertThat(requests.milliCpu()).isEqualTo(milliCpu);
        assertThat(requests.memory()).isEqualTo(memory);
        assertThat(nonZero.milliCpu()).isEqualTo(nonZeroMilliCpu);
        assertThat(nonZero.memory()).isEqualTo(nonZeroMemory);
    }
}
