package io.skiff.scheduler.plugins.schedulinggates;

import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.scheduler.framework.Status;
import org.junit.jupiter.api.Test;

class SchedulingGatesTest {

    @Test
    void gatedPodsWaitNamingTheirGates() {
        Pod gated = new PodBuilder(pod("p").build())
                .editSpec()
                .addNewSchedulingGate("example.com/quota")
                .addNewSchedulingGate("example.com/image")
                .endSpec()
                .build();

        assertThat(new SchedulingGates().preEnqueue(gated))
                .isEqualTo(Status.unschedulableAndUnresolvable(
                        "waiting for scheduling gates: [example.com/quota example.com/image]"));
    }

    @Test
    void podsWithoutGatesEnterTheQueue() {
        assertThat(new SchedulingGates().preEnqueue(pod("p").build()).isSuccess())
                .isTrue();
    }
}
