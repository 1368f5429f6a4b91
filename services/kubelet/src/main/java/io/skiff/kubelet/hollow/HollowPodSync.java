package io.skiff.kubelet.hollow;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.Indexers;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.kubelet.status.PodStatusApi;
import io.skiff.kubelet.status.PodStatusGenerator;
import io.skiff.kubelet.status.PodStatusManager;
import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Syncs one hollow pod (key {@code namespace/name}), level-based: reads the pod from the informer's
 * cache, asks the {@link HollowPodLifecycle} what its runtime holds now, turns that into a status
 * with the kubelet's own {@link PodStatusGenerator} (conditions, container statuses, phase, QoS
 * class, addresses) and the status manager's rules (transition times kept, conditions others own
 * kept, terminal phases final), and writes it through pods/status only when it differs from the
 * API's. A pod being deleted gets its terminated status and then the kubelet's final delete
 * (gracePeriodSeconds=0, UID precondition). The answer says when the pod's state changes next, so
 * the work queue wakes it then: no thread or timer per pod.
 *
 * <p>Per pod only a few fields are kept ({@link HollowPod}); a pod whose cached version is the one
 * this kubelet last wrote or checked, and whose next change has not come, is not computed again.
 */
final class HollowPodSync implements Reconciler<String> {

    private final Lister<Pod> pods;
    private final Function<String, HollowNode> nodes;
    private final HollowPodLifecycle lifecycle;
    private final PodStatusGenerator generator;
    private final PodStatusApi api;
    private final Clock clock;
    private final Map<String, HollowPod> states = new ConcurrentHashMap<>();

    /**
     * @param nodes the hollow node of a name, or null when the name is not one of this kubelet's
     */
    HollowPodSync(
            Lister<Pod> pods,
            Function<String, HollowNode> nodes,
            HollowPodLifecycle lifecycle,
            PodStatusGenerator generator,
            PodStatusApi api,
            Clock clock) {
        this.pods = pods;
        this.nodes = nodes;
        this.lifecycle = lifecycle;
        this.generator = generator;
        this.api = api;
        this.clock = clock;
    }

    /** What the kubelet keeps of one pod. */
    private static final class HollowPod {
        final String uid;
        final HollowNode node;
        final long seenMillis;
        final String ip;
        long deletionSeenMillis;
        String settledResourceVersion;
        long nextChangeMillis = Long.MAX_VALUE;

        HollowPod(String uid, HollowNode node, long seenMillis, String ip) {
            this.uid = uid;
            this.node = node;
            this.seenMillis = seenMillis;
            this.ip = ip;
        }
    }

    /** Pods this kubelet holds state for. */
    int size() {
        return states.size();
    }

    @Override
    public Result sync(String key) {
        String namespace = ObjectKeys.namespaceOf(key);
        String name = ObjectKeys.nameOf(key);
        Optional<Pod> found = pods.get(namespace, name);
        HollowNode node =
                found.map(pod -> nodes.apply(pod.getSpec().getNodeName())).orElse(null);
        if (node == null) {
            forget(key);
            return Result.done();
        }
        Pod pod = found.get();
        String uid = pod.getMetadata().getUid();
        long now = clock.millis();
        HollowPod state = states.get(key);
        if (state == null || !state.uid.equals(uid)) {
            forget(key);
            state = adopt(pod, node, now);
            states.put(key, state);
        }
        boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
        if (deleting && state.deletionSeenMillis == 0) {
            state.deletionSeenMillis = now;
        }
        String resourceVersion = pod.getMetadata().getResourceVersion();
        if (!deleting
                && resourceVersion != null
                && resourceVersion.equals(state.settledResourceVersion)
                && now < state.nextChangeMillis) {
            return wakeAt(state.nextChangeMillis, now);
        }

        HollowPodLifecycle.View view = lifecycle.at(pod, state.seenMillis, state.deletionSeenMillis, state.ip, now);
        if (view.runtime().isEmpty()) {
            if (deleting) {
                api.deleteTerminated(namespace, name, uid);
                return Result.done();
            }
            return wakeAt(view.nextChangeMillis().orElse(Long.MAX_VALUE), now);
        }
        PodStatus current = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        PodStatus generated = generator.generate(
                pod, view.runtime().get(), current, HollowPodLifecycle.RUNTIME_NAME, view.finished());
        if (generated.getStartTime() == null) {
            generated.setStartTime(KubeTimes.time(Instant.ofEpochMilli(state.seenMillis)));
        }
        PodStatus next = PodStatusManager.merge(
                current, PodStatusManager.withTimes(current, generated, KubeTimes.time(Instant.ofEpochMilli(now))));
        if (!PodStatusManager.sameJson(next, current)) {
            try {
                Pod written =
                        api.updateStatus(new PodBuilder(pod).withStatus(next).build());
                resourceVersion = written == null ? null : written.getMetadata().getResourceVersion();
            } catch (RuntimeException e) {
                if (ApiErrors.isConflict(e)) {
                    // The cache has not caught up with the pod yet (often with this kubelet's own last
                    // write): try again once it has, with the queue's back-off.
                    return Result.requeue();
                }
                throw e;
            }
        }
        if (deleting) {
            api.deleteTerminated(namespace, name, uid);
            return Result.done();
        }
        state.settledResourceVersion = resourceVersion;
        state.nextChangeMillis = view.nextChangeMillis().orElse(Long.MAX_VALUE);
        return wakeAt(state.nextChangeMillis, now);
    }

    /**
     * The state of a pod seen for the first time: seen now, or when its status says it started (a
     * pod a previous hollow kubelet ran keeps its timeline and its address).
     */
    private HollowPod adopt(Pod pod, HollowNode node, long now) {
        PodStatus status = pod.getStatus();
        long seen = now;
        String preferredIp = null;
        if (status != null && status.getStartTime() != null) {
            seen = Math.min(
                    now,
                    KubeTimes.parse(status.getStartTime())
                            .map(Instant::toEpochMilli)
                            .orElse(now));
            preferredIp = status.getPodIP();
        }
        String ip = addresses(node).allocate(pod.getMetadata().getUid(), preferredIp);
        return new HollowPod(pod.getMetadata().getUid(), node, seen, ip);
    }

    /**
     * The node's address pool; a new one first reserves the addresses the node's pods already
     * report (found through the informer's index by node), so that after a restart no new pod takes
     * the address of one not synced yet.
     */
    private PodAddresses addresses(HollowNode node) {
        return node.addresses(pool -> {
            for (Pod held : pods.byIndex(Indexers.POD_NODE_NAME, node.name())) {
                String ip = held.getStatus() == null ? null : held.getStatus().getPodIP();
                if (ip != null && pool.contains(ip)) {
                    pool.allocate(held.getMetadata().getUid(), ip);
                }
            }
        });
    }

    private void forget(String key) {
        HollowPod state = states.remove(key);
        if (state != null) {
            addresses(state.node).release(state.uid);
        }
    }

    private static Result wakeAt(long atMillis, long nowMillis) {
        if (atMillis == Long.MAX_VALUE) {
            return Result.done();
        }
        return Result.requeueAfter(Duration.ofMillis(Math.max(1, atMillis - nowMillis)));
    }
}
