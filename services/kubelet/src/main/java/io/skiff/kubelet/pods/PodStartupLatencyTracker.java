package io.skiff.kubelet.pods;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.kubelet.metrics.KubeletMetrics;
import io.skiff.kubelet.status.PodPhases;
import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key moments of a pod's start, for the kubelet's start latency metrics:
 *
 * <ul>
 *   <li>{@code kubelet_pod_start_duration_seconds}: from the kubelet first seeing the pod to the
 *       status it generates turning from Pending to Running (SyncPod's PodStartDuration);
 *   <li>{@code kubelet_pod_start_sli_duration_seconds} and {@code
 *       kubelet_pod_start_total_duration_seconds}: from the pod's creation to the watch showing
 *       every container running, without (SLI) and with the time spent pulling images, for pods
 *       that had not started when the kubelet first saw them (the PodStartupLatencyTracker).
 * </ul>
 *
 * <p>Kubernetes gates the watch observation on the status manager having written a running status;
 * here the gate is that the watched pod has container statuses, all running: only the kubelet
 * writes them.
 */
final class PodStartupLatencyTracker {

    private final KubeletMetrics metrics;
    private final Clock clock;
    private final Map<String, State> pods = new ConcurrentHashMap<>();

    /** What is known of one pod's start. */
    private static final class State {
        final Instant firstSeen;
        /** The pod had no startTime when first seen: its start latency is measured from creation. */
        final boolean tracked;

        Instant firstStartedPulling;
        Instant lastFinishedPulling;
        boolean startRecorded;
        boolean watchRecorded;

        State(Instant firstSeen, boolean tracked) {
            this.firstSeen = firstSeen;
            this.tracked = tracked;
        }
    }

    PodStartupLatencyTracker(KubeletMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Feeds the tracker from the informer of the node's pods. */
    ResourceEventHandler<Pod> podHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                observedOnWatch(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                observedOnWatch(newPod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                forget(pod.getMetadata().getUid());
            }
        };
    }

    /** ObservedPodOnWatch: the pod as the API server sent it, now. */
    void observedOnWatch(Pod pod) {
        Instant now = clock.instant();
        String uid = pod.getMetadata().getUid();
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (PodPhases.isTerminal(phase)) {
            pods.remove(uid);
            return;
        }
        State state = pods.computeIfAbsent(uid, u -> new State(now, startTime(pod) == null));
        synchronized (state) {
            Optional<Instant> created = KubeTimes.parse(pod.getMetadata().getCreationTimestamp());
            if (!state.tracked || state.watchRecorded || created.isEmpty() || !allContainersRunning(pod)) {
                return;
            }
            Duration total = Duration.between(created.get(), now);
            Duration pulling = state.firstStartedPulling == null || state.lastFinishedPulling == null
                    ? Duration.ZERO
                    : Duration.between(state.firstStartedPulling, state.lastFinishedPulling);
            metrics.podStartObserved(total.minus(pulling), total);
            state.watchRecorded = true;
        }
    }

    /** RecordImageStartedPulling: the first pull of the pod's images began. */
    void pullStarted(String uid) {
        State state = pods.get(uid);
        if (state != null) {
            synchronized (state) {
                if (state.firstStartedPulling == null) {
                    state.firstStartedPulling = clock.instant();
                }
            }
        }
    }

    /** RecordImageFinishedPulling: a pull of the pod's images ended. */
    void pullFinished(String uid) {
        State state = pods.get(uid);
        if (state != null) {
            synchronized (state) {
                state.lastFinishedPulling = clock.instant();
            }
        }
    }

    /** A status was generated for the pod: a Pending pod turning Running has started. */
    void statusGenerated(Pod pod, String previousPhase, String phase) {
        State state = pods.get(pod.getMetadata().getUid());
        boolean wasPending = previousPhase == null || previousPhase.isEmpty() || "Pending".equals(previousPhase);
        if (state == null || !wasPending || !"Running".equals(phase)) {
            return;
        }
        synchronized (state) {
            if (!state.startRecorded) {
                state.startRecorded = true;
                metrics.podStarted(Duration.between(state.firstSeen, clock.instant()));
            }
        }
    }

    void forget(String uid) {
        pods.remove(uid);
    }

    private static String startTime(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getStartTime();
    }

    /** hasPodStartedSLO, with at least one container status (see the class comment). */
    private static boolean allContainersRunning(Pod pod) {
        List<ContainerStatus> statuses =
                pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
        if (statuses == null || statuses.isEmpty()) {
            return false;
        }
        return statuses.stream()
                .allMatch(s -> s.getState() != null
                        && s.getState().getRunning() != null
                        && s.getState().getRunning().getStartedAt() != null);
    }
}
