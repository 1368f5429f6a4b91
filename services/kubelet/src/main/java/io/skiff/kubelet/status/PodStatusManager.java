package io.skiff.kubelet.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.kubelet.staticpods.StaticPods;
import io.skiff.model.json.KubeJson;
import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest status the kubelet computed for each of its pods and writes it to the API server
 * (Kubernetes' status manager): a new status gets the next version and is queued; the writer reads
 * the pod fresh (a static pod's status goes to its mirror pod), keeps the conditions and fields
 * others own, and replaces the status through pods/status only when it differs, retrying conflicts
 * with a fresh read. Once the pod workers report a deleted pod terminated, the writer makes the
 * final delete (gracePeriodSeconds=0, UID precondition) after writing its last status.
 *
 * <p>{@link #sync} is the writer; a {@link io.skiff.component.controller.ControllerRunner} with one
 * worker runs it over the queue given to {@link #PodStatusManager}.
 */
public final class PodStatusManager implements Reconciler<String> {

    private static final Logger log = LoggerFactory.getLogger(PodStatusManager.class);

    private final PodStatusApi api;
    private final Clock clock;
    private final Consumer<String> enqueue;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * @param enqueue queues a pod UID for {@link #sync}
     */
    public PodStatusManager(PodStatusApi api, Clock clock, Consumer<String> enqueue) {
        this.api = api;
        this.clock = clock;
        this.enqueue = enqueue;
    }

    /**
     * @param pod the pod the status is for (namespace, name, UID)
     * @param version grows with each new status
     * @param written the version the API server last accepted, or 0
     * @param terminated the pod workers stopped everything of a deleted pod: make the final delete
     */
    private record Entry(Pod pod, PodStatus status, long version, long written, boolean terminated) {}

    /** The status last computed for the pod, if any. */
    public Optional<PodStatus> podStatus(String uid) {
        Entry entry = entries.get(uid);
        return entry == null ? Optional.empty() : Optional.of(new PodStatusBuilder(entry.status()).build());
    }

    /**
     * Records {@code status} as the pod's (SetPodStatus): conditions keep their lastTransitionTime
     * unless their status changed, the start time is set once, and a pod in a terminal phase never
     * leaves it. Queues a write if the result differs from the status held.
     */
    public void setPodStatus(Pod pod, PodStatus status) {
        String uid = pod.getMetadata().getUid();
        boolean changed;
        synchronized (this) {
            Entry entry = entries.get(uid);
            PodStatus old =
                    entry != null ? entry.status() : pod.getStatus() == null ? new PodStatus() : pod.getStatus();
            if (PodPhases.isTerminal(old.getPhase()) && !old.getPhase().equals(status.getPhase())) {
                log.error(
                        "Pod {}/{} attempted an illegal phase transition from {} to {}",
                        pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(),
                        old.getPhase(),
                        status.getPhase());
                return;
            }
            PodStatus next = withTimes(old, status, KubeTimes.time(clock.instant()));
            changed = entry == null || !sameJson(entry.status(), next);
            if (changed) {
                long version = entry == null ? 1 : entry.version() + 1;
                long written = entry == null ? 0 : entry.written();
                boolean terminated = entry != null && entry.terminated();
                entries.put(uid, new Entry(pod, next, version, written, terminated));
            }
        }
        if (changed) {
            enqueue.accept(uid);
        }
    }

    /**
     * A copy of {@code status} with the times the kubelet keeps: its conditions keep the
     * lastTransitionTime they had in {@code old} unless their status changed (then {@code now}),
     * and the start time is set once.
     */
    public static PodStatus withTimes(PodStatus old, PodStatus status, String now) {
        PodStatus next = new PodStatusBuilder(status).build();
        for (PodCondition condition : orEmpty(next.getConditions())) {
            if (!PodConditions.OWNED_BY_KUBELET.contains(condition.getType())) {
                continue;
            }
            condition.setLastTransitionTime(orEmpty(old.getConditions()).stream()
                    .filter(before -> before.getType().equals(condition.getType())
                            && before.getStatus().equals(condition.getStatus())
                            && before.getLastTransitionTime() != null)
                    .map(PodCondition::getLastTransitionTime)
                    .findFirst()
                    .orElse(now));
        }
        if (next.getStartTime() == null) {
            next.setStartTime(old.getStartTime() != null ? old.getStartTime() : now);
        }
        return next;
    }

    /** The pod workers stopped and removed everything of the pod: a deleted pod can now go from the API. */
    public void terminated(Pod pod) {
        String uid = pod.getMetadata().getUid();
        synchronized (this) {
            Entry entry = entries.get(uid);
            if (entry == null) {
                PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
                entries.put(uid, new Entry(pod, status, 1, 0, true));
            } else {
                entries.put(uid, new Entry(pod, entry.status(), entry.version(), entry.written(), true));
            }
        }
        enqueue.accept(uid);
    }

    /**
     * Writes the pod's status again if it differs from what the API server holds: a static pod got a
     * new mirror pod, whose status is the API server's, not the kubelet's.
     */
    public void refresh(String uid) {
        if (entries.containsKey(uid)) {
            enqueue.accept(uid);
        }
    }

    /** Drops everything held for the pod: it is gone from the API server. */
    public void forget(String uid) {
        entries.remove(uid);
    }

    /** The pods whose latest status has not been written yet, for the periodic resync. */
    public List<String> unwritten() {
        List<String> uids = new ArrayList<>();
        entries.forEach((uid, entry) -> {
            if (entry.written() != entry.version() || entry.terminated()) {
                uids.add(uid);
            }
        });
        return uids;
    }

    @Override
    public Result sync(String uid) {
        Entry entry = entries.get(uid);
        if (entry == null) {
            return Result.done();
        }
        String namespace = entry.pod().getMetadata().getNamespace();
        String name = entry.pod().getMetadata().getName();
        Optional<Pod> fresh = api.get(namespace, name);
        if (fresh.isEmpty() || !isTheApiCopyOf(fresh.get(), entry.pod())) {
            log.debug(
                    "Pod {}/{} ({}) is gone, or has no mirror pod yet: its status is not written",
                    namespace,
                    name,
                    uid);
            return Result.done();
        }
        Pod current = fresh.get();
        PodStatus merged = merge(current.getStatus(), entry.status());
        if (!sameJson(merged, current.getStatus())) {
            Pod update = new PodBuilder(current).withStatus(merged).build();
            api.updateStatus(update);
            log.debug(
                    "Wrote status of pod {}/{} (version {}): {}", namespace, name, entry.version(), merged.getPhase());
        }
        markWritten(uid, entry.version());
        if (entry.terminated()
                && current.getMetadata().getDeletionTimestamp() != null
                && !StaticPods.isMirror(current)) {
            api.deleteTerminated(namespace, name, uid);
            log.debug("Pod {}/{} terminated and was deleted", namespace, name);
        }
        return Result.done();
    }

    /**
     * Where the pod's status goes: the pod itself, or for a static pod its mirror pod (the status
     * manager's TranslatePodUID); a pod of that name with another UID is another pod.
     */
    private static boolean isTheApiCopyOf(Pod apiPod, Pod pod) {
        return pod.getMetadata().getUid().equals(apiPod.getMetadata().getUid())
                || (StaticPods.isStatic(pod) && StaticPods.isMirrorOf(apiPod, pod));
    }

    private synchronized void markWritten(String uid, long version) {
        Entry entry = entries.get(uid);
        if (entry != null && entry.version() >= version) {
            entries.put(uid, new Entry(entry.pod(), entry.status(), entry.version(), version, entry.terminated()));
        }
    }

    /**
     * mergePodStatus: the kubelet's status with the conditions others own (DisruptionTarget, readiness
     * gates' conditions) and the fields others write (nominatedNodeName, resourceClaimStatuses) as the
     * API server holds them; a terminal phase turns Ready and ContainersReady false.
     */
    public static PodStatus merge(PodStatus apiStatus, PodStatus kubeletStatus) {
        PodStatus api = apiStatus == null ? new PodStatus() : apiStatus;
        PodStatus merged = new PodStatusBuilder(kubeletStatus).build();
        List<PodCondition> conditions = new ArrayList<>();
        for (PodCondition condition : orEmpty(api.getConditions())) {
            if (!PodConditions.OWNED_BY_KUBELET.contains(condition.getType())) {
                conditions.add(condition);
            }
        }
        for (PodCondition condition : orEmpty(merged.getConditions())) {
            if (PodConditions.OWNED_BY_KUBELET.contains(condition.getType())) {
                conditions.add(condition);
            }
        }
        merged.setConditions(conditions);
        merged.setNominatedNodeName(api.getNominatedNodeName());
        merged.setResourceClaimStatuses(api.getResourceClaimStatuses());
        if (PodPhases.isTerminal(merged.getPhase())) {
            String reason =
                    PodPhases.FAILED.equals(merged.getPhase()) ? PodConditions.POD_FAILED : PodConditions.POD_COMPLETED;
            for (PodCondition condition : conditions) {
                boolean readiness = PodConditions.READY.equals(condition.getType())
                        || PodConditions.CONTAINERS_READY.equals(condition.getType());
                if (readiness && "True".equals(condition.getStatus())) {
                    condition.setStatus("False");
                    condition.setReason(reason);
                    condition.setMessage(null);
                }
            }
        }
        return merged;
    }

    /**
     * Statuses compared as JSON, the form the API server keeps: an absent list and an empty one are
     * the same there, though not to the model classes' equals.
     */
    public static boolean sameJson(PodStatus a, PodStatus b) {
        return KubeJson.mapper()
                .valueToTree(a == null ? new PodStatus() : a)
                .equals(KubeJson.mapper().valueToTree(b == null ? new PodStatus() : b));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
