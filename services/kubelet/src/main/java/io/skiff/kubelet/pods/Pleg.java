package io.skiff.kubelet.pods;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.PodSandboxStatus;
import io.skiff.kubelet.cri.RuntimeService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod lifecycle event generator (Kubernetes' GenericPLEG): relists the runtime's sandboxes and
 * containers and asks for a sync of every pod whose containers or sandboxes appeared, disappeared or
 * changed state since the last relist, so that a container that exits is noticed within a relist
 * period. Also finds runtime objects of pods the kubelet does not know, which their sync removes.
 */
final class Pleg {

    private static final Logger log = LoggerFactory.getLogger(Pleg.class);

    private final RuntimeService runtime;
    private final Consumer<String> syncPod;
    private final Timer relistDuration;
    private Map<String, Observed> previous = Map.of();

    /** What a relist saw of one sandbox or container: its pod and its state. */
    private record Observed(String podUid, String state) {}

    Pleg(RuntimeService runtime, Consumer<String> syncPod, MeterRegistry registry) {
        this.runtime = runtime;
        this.syncPod = syncPod;
        this.relistDuration = Timer.builder("kubelet.pleg.relist.duration")
                .description("How long a relist of the runtime's sandboxes and containers takes")
                .register(registry);
    }

    /** One relist; never throws (a failed relist is logged and the next one tries again). */
    synchronized void relist() {
        try {
            relistDuration.record(this::relistOnce);
        } catch (RuntimeException e) {
            log.warn("PLEG relist failed: {}", e.toString());
        }
    }

    private void relistOnce() {
        Map<String, Observed> current = new HashMap<>();
        Map<String, String> podOfSandbox = new HashMap<>();
        for (PodSandboxStatus sandbox : runtime.listPodSandboxes()) {
            String uid = sandbox.metadata().uid();
            podOfSandbox.put(sandbox.id(), uid);
            current.put(
                    "sandbox/" + sandbox.id(), new Observed(uid, sandbox.state().name()));
        }
        for (ContainerStatus container : runtime.listContainers(null)) {
            String uid = podOfSandbox.get(container.sandboxId());
            if (uid != null) {
                current.put(
                        "container/" + container.id(),
                        new Observed(uid, container.state().name()));
            }
        }
        Set<String> changed = new HashSet<>();
        current.forEach((id, seen) -> {
            if (!Objects.equals(previous.get(id), seen)) {
                changed.add(seen.podUid());
            }
        });
        previous.forEach((id, seen) -> {
            if (!current.containsKey(id)) {
                changed.add(seen.podUid());
            }
        });
        previous = current;
        changed.forEach(syncPod);
    }
}
