package io.skiff.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PodTopologySpread's arguments, as KubeSchedulerConfiguration's PodTopologySpreadArgs: the
 * constraints applied to pods that declare none, either Kubernetes' system defaults ({@code
 * defaultingType: System}, the default) or the given list ({@code defaultingType: List}).
 *
 * @param defaultConstraints constraints without label selectors; must be empty with System
 * @param defaultingType {@value #SYSTEM_DEFAULTING} or {@value #LIST_DEFAULTING}
 */
public record PodTopologySpreadArgs(List<TopologySpreadConstraint> defaultConstraints, String defaultingType) {

    public static final String SYSTEM_DEFAULTING = "System";
    public static final String LIST_DEFAULTING = "List";

    /**
     * @throws IllegalArgumentException as Kubernetes' ValidatePodTopologySpreadArgs
     */
    public PodTopologySpreadArgs {
        defaultConstraints = defaultConstraints == null ? List.of() : List.copyOf(defaultConstraints);
        defaultingType = defaultingType == null ? SYSTEM_DEFAULTING : defaultingType;
        validate(defaultConstraints, defaultingType);
    }

    /** System defaulting: Kubernetes' built-in default constraints. */
    public static PodTopologySpreadArgs defaults() {
        return new PodTopologySpreadArgs(null, null);
    }

    /** Explicit default constraints ({@code defaultingType: List}); an empty list disables defaulting. */
    public static PodTopologySpreadArgs listDefaulting(List<TopologySpreadConstraint> constraints) {
        return new PodTopologySpreadArgs(constraints, LIST_DEFAULTING);
    }

    /** The constraints pods without their own get: the system defaults or the configured list. */
    public List<TopologySpreadConstraint> effectiveDefaultConstraints() {
        return isSystemDefaulted() ? systemDefaultConstraints() : defaultConstraints;
    }

    /** Whether the built-in defaults apply (their scoring does not require every node to carry every key). */
    public boolean isSystemDefaulted() {
        return SYSTEM_DEFAULTING.equals(defaultingType);
    }

    /** Spread by host (maxSkew 3) and zone (maxSkew 5), softly: Kubernetes' systemDefaultConstraints. */
    public static List<TopologySpreadConstraint> systemDefaultConstraints() {
        return List.of(
                new TopologySpreadConstraintBuilder()
                        .withTopologyKey(PodTopologySpread.LABEL_HOSTNAME)
                        .withWhenUnsatisfiable(PodTopologySpread.SCHEDULE_ANYWAY)
                        .withMaxSkew(3)
                        .build(),
                new TopologySpreadConstraintBuilder()
                        .withTopologyKey(PodTopologySpread.LABEL_ZONE)
                        .withWhenUnsatisfiable(PodTopologySpread.SCHEDULE_ANYWAY)
                        .withMaxSkew(5)
                        .build());
    }

    private static void validate(List<TopologySpreadConstraint> constraints, String defaultingType) {
        List<String> errors = new ArrayList<>();
        if (!SYSTEM_DEFAULTING.equals(defaultingType) && !LIST_DEFAULTING.equals(defaultingType)) {
            errors.add("defaultingType: Unsupported value: \"" + defaultingType
                    + "\": supported values: \"System\", \"List\"");
        }
        if (SYSTEM_DEFAULTING.equals(defaultingType) && !constraints.isEmpty()) {
            errors.add(
                    "defaultConstraints: Invalid value: when .defaultingType is \"System\", .defaultConstraints must be empty");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < constraints.size(); i++) {
            TopologySpreadConstraint c = constraints.get(i);
            String path = "defaultConstraints[" + i + "]";
            if (c.getMaxSkew() == null || c.getMaxSkew() <= 0) {
                errors.add(path + ".maxSkew: Invalid value: " + c.getMaxSkew() + ": must be greater than zero");
            }
            if (c.getTopologyKey() == null || c.getTopologyKey().isEmpty()) {
                errors.add(path + ".topologyKey: Required value: can not be empty");
            }
            if (!PodTopologySpread.DO_NOT_SCHEDULE.equals(c.getWhenUnsatisfiable())
                    && !PodTopologySpread.SCHEDULE_ANYWAY.equals(c.getWhenUnsatisfiable())) {
                errors.add(path + ".whenUnsatisfiable: Unsupported value: \"" + c.getWhenUnsatisfiable() + "\"");
            }
            if (c.getLabelSelector() != null) {
                errors.add(path + ".labelSelector: Forbidden: constraint must not define a selector, as they deduced"
                        + " for each pod");
            }
            if (!seen.add(c.getTopologyKey() + "/" + c.getWhenUnsatisfiable())) {
                errors.add(path + ": Duplicate value: {" + c.getTopologyKey() + ", " + c.getWhenUnsatisfiable() + "}");
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
    }
}
