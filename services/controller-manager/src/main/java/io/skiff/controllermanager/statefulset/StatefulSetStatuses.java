package io.skiff.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.skiff.component.client.ApiErrors;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Writes a StatefulSet's status (updateStatefulSetStatus and the status updater). */
final class StatefulSetStatuses {

    /** Status writes that conflict are retried this often on a fresh read (retry.DefaultBackoff steps). */
    static final int UPDATE_ATTEMPTS = 5;

    private final StatefulSetControl control;
    private final Duration timeout;

    StatefulSetStatuses(StatefulSetControl control, Duration timeout) {
        this.control = control;
        this.timeout = timeout;
    }

    /**
     * Completes a finished rolling update in {@code status} and writes it when it differs from the
     * set's, rereading the set on conflicts.
     */
    void write(StatefulSet set, StatefulSetStatus status) {
        completeRollingUpdate(set, status);
        if (!inconsistent(set, status)) {
            return;
        }
        StatefulSet target = set;
        for (int attempt = 1; ; attempt++) {
            try {
                control.updateStatus(new StatefulSetBuilder(target)
                                .withStatus(status)
                                .build())
                        .block(timeout);
                return;
            } catch (RuntimeException e) {
                if (!ApiErrors.isConflict(e) || attempt >= UPDATE_ATTEMPTS) {
                    throw e;
                }
            }
            Optional<StatefulSet> fresh = control.freshOwner(
                            set.getMetadata().getNamespace(), set.getMetadata().getName())
                    .blockOptional(timeout)
                    .filter(s -> Objects.equals(
                            s.getMetadata().getUid(), set.getMetadata().getUid()));
            if (fresh.isEmpty()) {
                return;
            }
            target = fresh.get();
        }
    }

    /**
     * Once every replica runs the update revision and is ready, the update revision becomes the
     * current one (completeRollingUpdate).
     */
    static void completeRollingUpdate(StatefulSet set, StatefulSetStatus status) {
        int replicas = StatefulPods.replicas(set);
        boolean rollingUpdate = set.getSpec().getUpdateStrategy() != null
                && "RollingUpdate".equals(set.getSpec().getUpdateStrategy().getType());
        if (rollingUpdate
                && orZero(status.getUpdatedReplicas()) == replicas
                && orZero(status.getReadyReplicas()) == replicas
                && orZero(status.getReplicas()) == replicas) {
            status.setCurrentReplicas(status.getUpdatedReplicas());
            status.setCurrentRevision(status.getUpdateRevision());
        }
    }

    /** Whether {@code status} says something the set's status does not (inconsistentStatus). */
    static boolean inconsistent(StatefulSet set, StatefulSetStatus status) {
        StatefulSetStatus current = set.getStatus() == null ? new StatefulSetStatus() : set.getStatus();
        return orZero(status.getObservedGeneration()) > orZero(current.getObservedGeneration())
                || orZero(status.getReplicas()) != orZero(current.getReplicas())
                || orZero(status.getCurrentReplicas()) != orZero(current.getCurrentReplicas())
                || orZero(status.getReadyReplicas()) != orZero(current.getReadyReplicas())
                || orZero(status.getUpdatedReplicas()) != orZero(current.getUpdatedReplicas())
                || !Objects.equals(status.getCurrentRevision(), current.getCurrentRevision())
                || orZero(status.getAvailableReplicas()) != orZero(current.getAvailableReplicas())
                || !Objects.equals(status.getUpdateRevision(), current.getUpdateRevision())
                || !Objects.equals(status.getCollisionCount(), current.getCollisionCount());
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
