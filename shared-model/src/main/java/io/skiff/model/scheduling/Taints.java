package io.skiff.model.scheduling;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Taints and tolerations with Kubernetes' rules: the effects and the taints the node controllers
 * put on nodes (core/v1 well_known_taints.go), matching tolerations against taints (ToleratesTaint,
 * component-helpers' FindMatchingUntoleratedTaint) and adding a toleration to a pod
 * (AddOrUpdateTolerationInPodSpec).
 */
public final class Taints {

    public static final String NO_SCHEDULE = "NoSchedule";
    public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";
    public static final String NO_EXECUTE = "NoExecute";

    /** The node's Ready condition is False. */
    public static final String NODE_NOT_READY = "node.kubernetes.io/not-ready";

    /** The node's Ready condition is Unknown: the node controller lost touch with it. */
    public static final String NODE_UNREACHABLE = "node.kubernetes.io/unreachable";

    /** The node's spec.unschedulable, mirrored by the node lifecycle controller. */
    public static final String NODE_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

    public static final String NODE_MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure";
    public static final String NODE_DISK_PRESSURE = "node.kubernetes.io/disk-pressure";
    public static final String NODE_PID_PRESSURE = "node.kubernetes.io/pid-pressure";
    public static final String NODE_NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";

    /** The taints that keep pods off a node at scheduling time: NoSchedule and NoExecute. */
    public static final Predicate<Taint> DO_NOT_SCHEDULE =
            taint -> NO_SCHEDULE.equals(taint.getEffect()) || NO_EXECUTE.equals(taint.getEffect());

    private Taints() {}

    /**
     * Whether the toleration tolerates the taint: an empty effect matches every effect, an empty key
     * (with Exists) every key; Equal (or no operator) also compares values.
     */
    public static boolean tolerates(Toleration toleration, Taint taint) {
        if (notEmpty(toleration.getEffect()) && !toleration.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (notEmpty(toleration.getKey()) && !toleration.getKey().equals(taint.getKey())) {
            return false;
        }
        String operator = toleration.getOperator() == null ? "" : toleration.getOperator();
        switch (operator) {
            case "":
            case "Equal":
                return Objects.equals(orEmpty(toleration.getValue()), orEmpty(taint.getValue()));
            case "Exists":
                return true;
            default:
                return false;
        }
    }

    /** Whether any of the tolerations tolerates the taint. */
    public static boolean tolerated(List<Toleration> tolerations, Taint taint) {
        if (tolerations == null) {
            return false;
        }
        for (Toleration toleration : tolerations) {
            if (tolerates(toleration, taint)) {
                return true;
            }
        }
        return false;
    }

    /** The first taint that passes {@code filter} and that no toleration tolerates. */
    public static Optional<Taint> findUntolerated(
            List<Taint> taints, List<Toleration> tolerations, Predicate<Taint> filter) {
        if (taints == null) {
            return Optional.empty();
        }
        for (Taint taint : taints) {
            if (filter.test(taint) && !tolerated(tolerations, taint)) {
                return Optional.of(taint);
            }
        }
        return Optional.empty();
    }

    /**
     * Adds {@code toleration} to {@code spec}, replacing a toleration with the same key, operator,
     * value and effect (whatever its tolerationSeconds) rather than adding a second one.
     */
    public static void addOrUpdate(PodSpec spec, Toleration toleration) {
        List<Toleration> updated = new ArrayList<>();
        boolean replaced = false;
        for (Toleration existing : spec.getTolerations() == null ? List.<Toleration>of() : spec.getTolerations()) {
            if (sameMatch(existing, toleration)) {
                updated.add(toleration);
                replaced = true;
            } else {
                updated.add(existing);
            }
        }
        if (!replaced) {
            updated.add(toleration);
        }
        spec.setTolerations(updated);
    }

    private static boolean sameMatch(Toleration a, Toleration b) {
        return orEmpty(a.getKey()).equals(orEmpty(b.getKey()))
                && orEmpty(a.getOperator()).equals(orEmpty(b.getOperator()))
                && orEmpty(a.getValue()).equals(orEmpty(b.getValue()))
                && orEmpty(a.getEffect()).equals(orEmpty(b.getEffect()));
    }

    private static boolean notEmpty(String text) {
        return text != null && !text.isEmpty();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
