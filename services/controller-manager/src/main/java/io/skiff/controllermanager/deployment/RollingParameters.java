package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;

/**
 * How far a rolling update may go above and below the desired replicas (deployment_util.go
 * MaxSurge, MaxUnavailable, ResolveFenceposts; intstr.GetScaledValueFromIntOrPercent): absolute
 * numbers as they are, percentages of the desired replicas rounded up for the surge and down for
 * the unavailability. Both resolving to zero would block a rollout, so the unavailability becomes 1.
 */
final class RollingParameters {

    static final String ROLLING_UPDATE = "RollingUpdate";
    static final String RECREATE = "Recreate";

    /** The API server's default for both fields when a rolling update names neither. */
    private static final IntOrString DEFAULT_FENCEPOST = new IntOrString("25%");

    /** The two fenceposts resolved against a replica count. */
    record Fenceposts(int surge, int unavailable) {}

    private RollingParameters() {}

    static boolean isRollingUpdate(Deployment deployment) {
        return deployment.getSpec().getStrategy() == null
                || ROLLING_UPDATE.equals(deployment.getSpec().getStrategy().getType());
    }

    static boolean isRecreate(Deployment deployment) {
        return deployment.getSpec().getStrategy() != null
                && RECREATE.equals(deployment.getSpec().getStrategy().getType());
    }

    /** The pods a rolling update may create beyond the desired replicas; 0 for other strategies. */
    static int maxSurge(Deployment deployment) {
        if (!isRollingUpdate(deployment)) {
            return 0;
        }
        return resolve(rawMaxSurge(deployment), rawMaxUnavailable(deployment), Deployments.replicas(deployment))
                .surge();
    }

    /**
     * The desired pods a rolling update may leave unavailable, at most the desired replicas; 0 for
     * other strategies and for a deployment scaled to zero.
     */
    static int maxUnavailable(Deployment deployment) {
        int replicas = Deployments.replicas(deployment);
        if (!isRollingUpdate(deployment) || replicas == 0) {
            return 0;
        }
        int unavailable = resolve(rawMaxSurge(deployment), rawMaxUnavailable(deployment), replicas)
                .unavailable();
        return Math.min(unavailable, replicas);
    }

    /** ResolveFenceposts: both fenceposts for {@code desired} replicas; a missing one counts as 0. */
    static Fenceposts resolve(IntOrString maxSurge, IntOrString maxUnavailable, int desired) {
        int surge = scaledValue(maxSurge, desired, true);
        int unavailable = scaledValue(maxUnavailable, desired, false);
        if (surge == 0 && unavailable == 0) {
            // Validation forbids both being 0, but rounding a percentage down may get there: surge
            // might be impossible (quota), so allow one unavailable pod instead.
            unavailable = 1;
        }
        return new Fenceposts(surge, unavailable);
    }

    /**
     * An absolute number, or a percentage of {@code total} rounded up or down; null counts as 0.
     *
     * @throws IllegalArgumentException for a string that is not a percentage (the API server rejects
     *     those)
     */
    static int scaledValue(IntOrString value, int total, boolean roundUp) {
        if (value == null) {
            return 0;
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value.getStrVal();
        if (text == null || !text.endsWith("%")) {
            throw new IllegalArgumentException(
                    "invalid value for IntOrString " + text + ": invalid type: string is not a percentage");
        }
        int percent;
        try {
            percent = Integer.parseInt(text.substring(0, text.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value \"" + text + "\": " + e.getMessage(), e);
        }
        double scaled = (double) percent * total / 100;
        return (int) (roundUp ? Math.ceil(scaled) : Math.floor(scaled));
    }

    static IntOrString rawMaxSurge(Deployment deployment) {
        RollingUpdateDeployment rolling = rollingUpdate(deployment);
        return rolling == null ? DEFAULT_FENCEPOST : rolling.getMaxSurge();
    }

    static IntOrString rawMaxUnavailable(Deployment deployment) {
        RollingUpdateDeployment rolling = rollingUpdate(deployment);
        return rolling == null ? DEFAULT_FENCEPOST : rolling.getMaxUnavailable();
    }

    /** Null only for objects that bypassed the API server's defaulting, which then count as 25%/25%. */
    private static RollingUpdateDeployment rollingUpdate(Deployment deployment) {
        return deployment.getSpec().getStrategy() == null
                ? null
                : deployment.getSpec().getStrategy().getRollingUpdate();
    }
}
