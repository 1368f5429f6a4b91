package io.skiff.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.skiff.model.time.KubeTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The taints the node lifecycle controller manages, and matching tolerations against taints. */
final class Taints {

    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure";
    static final String DISK_PRESSURE = "node.kubernetes.io/disk-pressure";
    static final String PID_PRESSURE = "node.kubernetes.io/pid-pressure";
    static final String NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";
    static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

    static final String NO_EXECUTE = "NoExecute";
    static final String NO_SCHEDULE = "NoSchedule";

    private Taints() {}

    static Taint noExecute(String key, Instant added) {
        return new TaintBuilder()
                .withKey(key)
                .withEffect(NO_EXECUTE)
                .withTimeAdded(KubeTimes.time(added))
                .build();
    }

    static Taint noSchedule(String key) {
        return new TaintBuilder().withKey(key).withEffect(NO_SCHEDULE).build();
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

    /** v1helper.ToleratesTaint: effect and key match (empty means any), then Exists or equal values. */
    static boolean tolerates(Toleration toleration, Taint taint) {
        if (notEmpty(toleration.getEffect()) && !toleration.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (notEmpty(toleration.getKey()) && !toleration.getKey().equals(taint.getKey())) {
            return false;
        }
        String operator = toleration.getOperator();
        if ("Exists".equals(operator)) {
            return true;
        }
        if (operator == null || operator.isEmpty() || "Equal".equals(operator)) {
            return Objects.equals(orEmpty(toleration.getValue()), orEmpty(taint.getValue()));
        }
        return false;
    }

    private static boolean notEmpty(String value) {
        return value != null && !value.isEmpty();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
