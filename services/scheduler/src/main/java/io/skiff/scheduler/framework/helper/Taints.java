package io.skiff.scheduler.framework.helper;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** Taint and toleration matching with Kubernetes' rules (core/v1 helper ToleratesTaint). */
public final class Taints {

    public static final String NO_SCHEDULE = "NoSchedule";
    public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";
    public static final String NO_EXECUTE = "NoExecute";

    /** The taint the node lifecycle controller mirrors spec.unschedulable into. */
    public static final String UNSCHEDULABLE_TAINT_KEY = "node.kubernetes.io/unschedulable";

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

    private static boolean notEmpty(String text) {
        return text != null && !text.isEmpty();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
