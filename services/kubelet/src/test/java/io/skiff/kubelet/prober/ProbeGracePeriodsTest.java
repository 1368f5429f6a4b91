package io.skiff.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The grace period of a container killed for a failed probe (setTerminationGracePeriod). */
class ProbeGracePeriodsTest {

    /** Liveness allows 5 s, startup 7 s; readiness has no grace period of its own. */
    private static final Container WEB = new ContainerBuilder()
            .withName("web")
            .withLivenessProbe(
                    new ProbeBuilder().withTerminationGracePeriodSeconds(5L).build())
            .withStartupProbe(
                    new ProbeBuilder().withTerminationGracePeriodSeconds(7L).build())
            .withReadinessProbe(new ProbeBuilder().build())
            .build();

    record Case(String name, Long podGrace, Long deletionGrace, Optional<ProbeType> failed, long expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a failed liveness probe's own period", 30L, null, Optional.of(ProbeType.LIVENESS), 5),
                new Case("a failed startup probe's own period", 30L, null, Optional.of(ProbeType.STARTUP), 7),
                new Case("the pod's period for other kills", 30L, null, Optional.empty(), 30),
                new Case("readiness has none of its own", 30L, null, Optional.of(ProbeType.READINESS), 30),
                new Case("a pod being deleted uses its deletion period", 30L, 12L, Optional.of(ProbeType.LIVENESS), 12),
                new Case("a pod without a period gets the minimum", null, null, Optional.of(ProbeType.LIVENESS), 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void choosesTheGracePeriod(Case test) {
        Pod pod = new PodBuilder(ProbeFixture.pod("Always", WEB))
                .editMetadata()
                .withDeletionGracePeriodSeconds(test.deletionGrace())
                .endMetadata()
                .editSpec()
                .withTerminationGracePeriodSeconds(test.podGrace())
                .endSpec()
                .build();

        assertThat(ProbeGracePeriods.killGracePeriodSeconds(pod, WEB, test.failed()))
                .isEqualTo(test.expected());
    }
}
