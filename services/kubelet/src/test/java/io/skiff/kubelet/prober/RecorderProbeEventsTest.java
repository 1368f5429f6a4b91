package io.skiff.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Probe events point at the container within the pod. */
class RecorderProbeEventsTest {

    private final List<String> recorded = new ArrayList<>();
    private final RecorderProbeEvents events = new RecorderProbeEvents(new EventRecorder() {
        @Override
        public void event(HasMetadata object, EventType type, String reason, String messageFmt, Object... args) {
            throw new AssertionError("probe events refer to a container");
        }

        @Override
        public void event(ObjectReference object, EventType type, String reason, String messageFmt, Object... args) {
            recorded.add(object.getKind() + " " + object.getNamespace() + "/" + object.getName() + " "
                    + object.getUid() + " " + object.getFieldPath() + " " + type.value() + " " + reason + ": "
                    + String.format(messageFmt, args));
        }
    });

    @Test
    void anAppContainersEventNamesItsFieldPath() {
        Container web = new ContainerBuilder().withName("web").build();

        events.warning(pod(web, sidecar()), web, ProbeEvents.UNHEALTHY, "Readiness probe failed: 100% down");

        assertThat(recorded)
                .containsExactly("Pod default/web uid-web spec.containers{web} Warning Unhealthy: "
                        + "Readiness probe failed: 100% down");
    }

    @Test
    void aSidecarsEventNamesTheInitContainer() {
        events.warning(pod(new ContainerBuilder().withName("web").build(), sidecar()), sidecar(), "ProbeWarning", "x");

        assertThat(recorded).singleElement().asString().contains("spec.initContainers{proxy}");
    }

    @Test
    void aContainerNotInThePodRecordsNothing() {
        events.warning(
                pod(new ContainerBuilder().withName("web").build(), sidecar()),
                new ContainerBuilder().withName("gone").build(),
                ProbeEvents.UNHEALTHY,
                "x");

        assertThat(recorded).isEmpty();
    }

    private static Container sidecar() {
        return new ContainerBuilder()
                .withName("proxy")
                .withRestartPolicy("Always")
                .build();
    }

    private static Pod pod(Container container, Container initContainer) {
        return new PodBuilder(ProbeFixture.pod("Always", container))
                .editSpec()
                .withInitContainers(initContainer)
                .endSpec()
                .build();
    }
}
