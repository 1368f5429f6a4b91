package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the framework offers its plugins, as Kubernetes' framework.Handle: the cycle's snapshot,
 * the parallelizer, the nominated pods, waiting pods, the outside services ({@link Ports}), and
 * the filter runners preemption needs for its what-if evaluation.
 */
public interface Handle {

    /** The scheduler name of the profile this framework serves. */
    String profileName();

    /** The snapshot of the current scheduling cycle (updated in place between cycles). */
    Snapshot snapshot();

    Parallelizer parallelizer();

    PodNominator podNominator();

    /**
     * The registered implementation of an outside service.
     *
     * @throws IllegalStateException when the integrator registered none
     */
    default <T> T port(Class<T> type) {
        return findPort(type)
                .orElseThrow(() -> new IllegalStateException("no " + type.getSimpleName() + " registered in Ports"));
    }

    <T> Optional<T> findPort(Class<T> type);

    /** The pod waiting at Permit with this UID, if any. */
    Optional<WaitingPod> waitingPod(String uid);

    void forEachWaitingPod(Consumer<WaitingPod> action);

    /**
     * Rejects the waiting pod with this UID, e.g. a preemption victim still held at Permit.
     *
     * @return whether such a pod was waiting
     */
    boolean rejectWaitingPod(String uid);

    /** Runs the Filter plugins for the pod on one node, stopping at the first failure. */
    Status runFilterPlugins(CycleState state, Pod pod, NodeInfo nodeInfo);

    /**
     * Runs the Filter plugins as the scheduler does: once with the node's nominated pods of equal or
     * higher priority counted on it, and once without them when that pass succeeded.
     */
    Status runFilterPluginsWithNominatedPods(CycleState state, Pod pod, NodeInfo nodeInfo);

    /** Lets every PreFilter plugin with extensions count {@code podToAdd} on the node. */
    Status runPreFilterExtensionAddPod(CycleState state, Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo);

    /** Lets every PreFilter plugin with extensions stop counting {@code podToRemove} on the node. */
    Status runPreFilterExtensionRemovePod(CycleState state, Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo);
}
