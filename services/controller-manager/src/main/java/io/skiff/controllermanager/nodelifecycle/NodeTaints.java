package io.skiff.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.skiff.model.scheduling.Taints;
import io.skiff.model.time.KubeTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The edits the node lifecycle controller makes to a node's taints (well-known keys in {@link Taints}). */
final class NodeTaints {

    private NodeTaints() {}

    static Taint noExecute(String key, Instant added) {
        return new TaintBuilder()
                .withKey(key)
                .withEffect(Taints.NO_EXECUTE)
                .withTimeAdded(KubeTimes.time(added))
                .build();
    }

    static Taint noSchedule(String key) {
        return new TaintBuilder().withKey(key).withEffect(Taints.NO_SCHEDULE).build();
    }

    /** Whether {@code taints} hold one with the key and effect of {@code wanted}. */
    static boolean has(List<Taint> taints, String key, String effect) {
        return taints.stream().anyMatch(t -> key.equals(t.getKey()) && effect.equals(t.getEffect()));
    }

    /** {@code taints} without those whose key and effect match any of {@code keys} with {@code effect}. */
    static List<Taint> without(List<Taint> taints, String effect, List<String> keys) {
        List<Taint> kept = new ArrayList<>();
        for (Taint taint : taints) {
            if (!(effect.equals(taint.getEffect()) && keys.contains(taint.getKey()))) {
                kept.add(taint);
            }
        }
        return kept;
    }

    static List<Taint> withEffect(List<Taint> taints, String effect) {
        return taints.stream().filter(t -> effect.equals(t.getEffect())).toList();
    }
}
