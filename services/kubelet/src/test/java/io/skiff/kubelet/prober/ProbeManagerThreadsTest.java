package io.skiff.kubelet.prober;

import static io.skiff.kubelet.prober.ProbeFixture.UID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skiff.kubelet.cri.ExecResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The manager as the kubelet creates it: real timers and threads, exec probes through the runtime. */
class ProbeManagerThreadsTest {

    @Test
    void probesOnItsOwnThreadsUntilClosed() {
        ScriptedRuntime runtime = new ScriptedRuntime();
        PodStatus status = new PodStatusBuilder()
                .withPhase("Running")
                .withPodIP("127.0.0.1")
                .withContainerStatuses(
                        ProbeFixture.running("web", "runc://c1", Instant.now().minusSeconds(60)))
                .build();
        List<String> changes = new CopyOnWriteArrayList<>();
        ProbeManager manager = ProbeManager.create(
                runtime,
                uid -> Optional.of(status),
                (pod, container, reason, message) -> {},
                new SimpleMeterRegistry(),
                io.skiff.kubelet.prober.ProbeNetwork.direct());
        manager.addListener((podUid, container, containerId, type, result) -> changes.add(type + " " + result));
        try {
            manager.addPod(ProbeFixture.pod(
                    "Always", ProbeFixture.container("web", ProbeType.READINESS, ProbeFixture.probe(0, 1, 1, 1))));

            await().atMost(Duration.ofSeconds(10)).until(() -> manager.ready(UID, "web", "runc://c1"));

            runtime.nextExec = new ExecResult(new byte[0], new byte[0], 1, false);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> manager.readiness(UID, "web").orElseThrow() == ProbeResult.FAILURE);
            assertThat(changes).startsWith("Readiness Failure", "Readiness Success", "Readiness Failure");
            assertThat(runtime.execs).allMatch(exec -> exec.startsWith("c1 [true] PT1S"));
        } finally {
            manager.close();
        }
        assertThat(manager.workerCount()).isZero();
    }
}
