package io.skiff.controllermanager.nodes;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** Taints and tolerations as core/v1's helpers read and write them (ToleratesTaint, AddOrUpdateTolerationInPodSpec). */
public final class Taints {

    public static final String NO_SCHEDULE = "NoSchedule";
    public static final String NO_EXECUTE = "NoExecute";

    private Taints() {}

    /**
     * Whether {@code toleration} tolerates {@code taint}: an empty effect tolerates every effect, an
     * empty key (with Exists) every key; Equal, or no operator, also compares the values.
     */
    public static boolean tolerates(Toleration toleration, Taint taint) {
        if (!isEmpty(toleration.getEffect()) && !toleration.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (!isEmpty(toleration.getKey()) && !toleration.getKey().equals(taint.getKey())) {
            return false;
        }
        return switch (orEmpty(toleration.getOperator())) {
            case "", "Equal" -> orEmpty(toleration.getValue()).equals(orEmpty(taint.getValue()));
            case "Exists" -> true;
            default -> false;
        };
    }

    /** The first taint passing {@code filter} that none of {@code tolerations} tolerates. */
    public static Optional<Taint> findUntolerated(
            List<Taint> taints, List<Toleration> tolerations, Predicate<Taint> filter) {
        if (taints == null) {
            return Optional.empty();
        }
        List<Toleration> present = tolerations == null ? List.of() : tolerations;
        for (Taint taint : taints) {
            if (filter.test(taint) && present.stream().noneMatch(t -> tolerates(t, taint))) {
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

    private static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }

    private static String orEmpty(String text) {
        return Objects.requireNonNullElse(text, "");
    }
}
