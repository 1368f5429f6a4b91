package io.skiff.controllermanager.disruption;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.controllermanager.pods.ActivePods;
import io.skiff.controllermanager.pods.PodStatusPatches;
import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disruption controller's second queue (syncStalePodDisruption): a pod that got a True
 * DisruptionTarget condition but no deletionTimestamp within {@link #STALE_TIMEOUT} was not
 * disrupted after all, so the condition goes back to False. Conditions the kubelet set, and those
 * of pods that finished, are left alone.
 */
final class StaleDisruptionTargets implements Reconciler<String> {

    /** stalePodDisruptionTimeout. */
    static final Duration STALE_TIMEOUT = Duration.ofMinutes(2);

    /** The reason the kubelet gives a DisruptionTarget condition (v1.PodReasonTerminationByKubelet). */
    private static final String TERMINATION_BY_KUBELET = "TerminationByKubelet";

    private static final Logger log = LoggerFactory.getLogger(StaleDisruptionTargets.class);

    private final Lister<Pod> pods;
    private final DisruptionWrites writes;
    private final Clock clock;
    private final Duration timeout;

    StaleDisruptionTargets(Lister<Pod> pods, DisruptionWrites writes, Clock clock, Duration timeout) {
        this.pods = pods;
        this.writes = writes;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * nonTerminatingPodHasStaleDisruptionCondition: how long until the pod's DisruptionTarget
     * condition is stale (zero: it is), or empty when the pod has none that can go stale.
     */
    static Optional<Duration> untilStale(Pod pod, Instant now) {
        if (pod.getMetadata().getDeletionTimestamp() != null || ActivePods.isTerminal(pod)) {
            return Optional.empty();
        }
        Optional<PodCondition> condition = disruptionTarget(pod);
        if (condition.isEmpty()
                || !"True".equals(condition.get().getStatus())
                || TERMINATION_BY_KUBELET.equals(condition.get().getReason())) {
            return Optional.empty();
        }
        // A condition without a readable transition time counts as stale long ago (Go's zero time).
        Instant since = KubeTimes.parse(condition.get().getLastTransitionTime()).orElse(Instant.EPOCH);
        Duration left = Duration.between(now, since.plus(STALE_TIMEOUT));
        return Optional.of(left.isNegative() ? Duration.ZERO : left);
    }

    @Override
    public Result sync(String key) {
        Optional<Pod> cached = pods.get(ObjectKeys.namespaceOf(key), ObjectKeys.nameOf(key));
        if (cached.isEmpty()) {
            return Result.done();
        }
        Optional<Duration> untilStale = untilStale(cached.get(), clock.instant());
        if (untilStale.isEmpty()) {
            return Result.done();
        }
        if (!untilStale.get().isZero()) {
            return Result.requeueAfter(untilStale.get());
        }
        writes.updatePodStatus(withDisruptionTargetFalse(cached.get())).block(timeout);
        log.info("Reset stale DisruptionTarget condition to False on pod {}", key);
        return Result.done();
    }

    /** podutil.UpdatePodCondition with {type: DisruptionTarget, status: False}: the condition is replaced. */
    private Pod withDisruptionTargetFalse(Pod pod) {
        Pod copy = new PodBuilder(pod).build();
        List<PodCondition> conditions = new ArrayList<>();
        for (PodCondition condition : copy.getStatus().getConditions()) {
            if (PodStatusPatches.DISRUPTION_TARGET.equals(condition.getType())) {
                conditions.add(new PodConditionBuilder()
                        .withType(PodStatusPatches.DISRUPTION_TARGET)
                        .withStatus("False")
                        .withLastTransitionTime(KubeTimes.time(clock.instant()))
                        .build());
            } else {
                conditions.add(condition);
            }
        }
        copy.getStatus().setConditions(conditions);
        return copy;
    }

    private static Optional<PodCondition> disruptionTarget(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> PodStatusPatches.DISRUPTION_TARGET.equals(c.getType()))
                .findFirst();
    }
}
