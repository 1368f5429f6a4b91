package io.skiff.kubelet.hollow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExitInstructionsTest {

    @Test
    void aPodWithoutTheAnnotationRunsUntilDeleted() {
        assertThat(ExitInstructions.of(pod(Map.of()))).isEmpty();
        assertThat(ExitInstructions.of(pod(Map.of(ExitInstructions.EXIT_CODE, "3"))))
                .isEmpty();
    }

    @Test
    void theRunLengthAndExitCodeAreRead() {
        assertThat(ExitInstructions.of(
                        pod(Map.of(ExitInstructions.EXIT_AFTER, "30s", ExitInstructions.EXIT_CODE, "7"))))
                .contains(new ExitInstructions(Duration.ofSeconds(30), 7));
        assertThat(ExitInstructions.of(pod(Map.of(ExitInstructions.EXIT_AFTER, "PT2M"))))
                .contains(new ExitInstructions(Duration.ofMinutes(2), 0));
    }

    @Test
    void aRunLastsAtLeastASecondAndUnreadableValuesAreIgnored() {
        assertThat(ExitInstructions.of(pod(Map.of(ExitInstructions.EXIT_AFTER, "10ms"))))
                .contains(new ExitInstructions(Duration.ofSeconds(1), 0));
        assertThat(ExitInstructions.of(pod(Map.of(ExitInstructions.EXIT_AFTER, "soon"))))
                .isEmpty();
        assertThat(ExitInstructions.of(pod(Map.of(ExitInstructions.EXIT_AFTER, "5s", ExitInstructions.EXIT_CODE, "x"))))
                .isEmpty();
    }

    private static Pod pod(Map<String, String> annotations) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .withAnnotations(annotations)
                .endMetadata()
                .build();
    }
}
