package io.skiff.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.skiff.controllermanager.pods.ActivePods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A DaemonSet's status counted over the nodes (daemon_controller.go updateDaemonSetStatus). */
final class DaemonSetStatuses {

    private DaemonSetStatuses() {}

    /**
     * The counts: nodes that should run the daemon (desired), those of them that have a pod
     * (current), pods on nodes that should not run one (misscheduled), and, judged on each node's
     * oldest pod, how many are ready, available and of the current template; unavailable is desired
     * minus available. The conditions, collision count and observed generation are carried over.
     */
    static DaemonSetStatus calculate(
            DaemonSet daemonSet, List<Node> nodes, Map<String, List<Pod>> nodeToPods, String hash, Instant now) {
        int desired = 0;
        int current = 0;
        int misscheduled = 0;
        int ready = 0;
        int updated = 0;
        int available = 0;
        int minReadySeconds = daemonSet.getSpec().getMinReadySeconds() == null
                ? 0
                : daemonSet.getSpec().getMinReadySeconds();
        Optional<Long> generation = DaemonPods.templateGeneration(daemonSet);
        for (Node node : nodes) {
            List<Pod> pods = nodeToPods.getOrDefault(node.getMetadata().getName(), List.of());
            boolean scheduled = !pods.isEmpty();
            if (!NodePlacement.of(node, daemonSet).shouldRun()) {
                if (scheduled) {
                    misscheduled++;
                }
                continue;
            }
            desired++;
            if (!scheduled) {
                continue;
            }
            current++;
            List<Pod> sorted = new ArrayList<>(pods);
            sorted.sort(DaemonPods.oldestScheduledFirst());
            Pod oldest = sorted.get(0);
            if (ActivePods.isReady(oldest)) {
                ready++;
                if (ActivePods.isAvailable(oldest, minReadySeconds, now)) {
                    available++;
                }
            }
            if (DaemonPods.isUpdated(oldest, hash, generation)) {
                updated++;
            }
        }
        DaemonSetStatus previous = daemonSet.getStatus() == null ? new DaemonSetStatus() : daemonSet.getStatus();
        return new DaemonSetStatusBuilder(previous)
                .withDesiredNumberScheduled(desired)
                .withCurrentNumberScheduled(current)
                .withNumberMisscheduled(misscheduled)
                .withNumberReady(ready)
                .withUpdatedNumberScheduled(updated)
                .withNumberAvailable(available)
                .withNumberUnavailable(desired - available)
                .build();
    }

    /** Whether a count differs or the DaemonSet's generation was not observed yet (storeDaemonSetStatus). */
    static boolean needsUpdate(DaemonSet daemonSet, DaemonSetStatus computed) {
        DaemonSetStatus current = daemonSet.getStatus() == null ? new DaemonSetStatus() : daemonSet.getStatus();
        long observed = current.getObservedGeneration() == null ? 0 : current.getObservedGeneration();
        long generation = daemonSet.getMetadata().getGeneration() == null
                ? 0
                : daemonSet.getMetadata().getGeneration();
        return orZero(current.getDesiredNumberScheduled()) != orZero(computed.getDesiredNumberScheduled())
                || orZero(current.getCurrentNumberScheduled()) != orZero(computed.getCurrentNumberScheduled())
                || orZero(current.getNumberMisscheduled()) != orZero(computed.getNumberMisscheduled())
                || orZero(current.getNumberReady()) != orZero(computed.getNumberReady())
                || orZero(current.getUpdatedNumberScheduled()) != orZero(computed.getUpdatedNumberScheduled())
                || orZero(current.getNumberAvailable()) != orZero(computed.getNumberAvailable())
                || orZero(current.getNumberUnavailable()) != orZero(computed.getNumberUnavailable())
                || observed < generation;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
