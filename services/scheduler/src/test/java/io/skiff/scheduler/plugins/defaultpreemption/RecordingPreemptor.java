package io.skiff.scheduler.plugins.defaultpreemption;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Preemptor} that records what it was asked to do, and can be told to fail. */
final class RecordingPreemptor implements Preemptor {

    final List<String> preempted = new CopyOnWriteArrayList<>();
    final List<String> clearedNominations = new CopyOnWriteArrayList<>();
    private volatile RuntimeException failure;

    RecordingPreemptor failingWith(RuntimeException e) {
        this.failure = e;
        return this;
    }

    @Override
    public void preempt(Pod preemptor, Pod victim, String nodeName) {
        if (failure != null) {
            throw failure;
        }
        preempted.add(victim.getMetadata().getName() + "@" + nodeName);
    }

    @Override
    public void clearNominatedNodeName(Pod pod) {
        clearedNominations.add(pod.getMetadata().getName());
    }
}
