package io.skiff.controllermanager.disruption;

import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * intstr.GetScaledValueFromIntOrPercent with roundUp, as the disruption controller calls it: an
 * int as it is, "N%" as ceil(N * total / 100). The messages are Kubernetes' own, since they end up
 * in the DisruptionAllowed condition when a budget cannot be computed.
 */
final class ScaledValues {

    private ScaledValues() {}

    /**
     * @throws IllegalArgumentException when the value is a string that is not a whole percentage
     */
    static int roundedUp(IntOrString value, int total) {
        if (value == null) {
            throw new IllegalArgumentException("nil value for IntOrString");
        }
        if (value.getStrVal() == null) {
            return value.getIntVal() == null ? 0 : value.getIntVal();
        }
        String text = value.getStrVal();
        if (!text.endsWith("%")) {
            throw new IllegalArgumentException(
                    "invalid value for IntOrString: invalid type: string is not a percentage");
        }
        String digits = text.substring(0, text.length() - 1);
        int percent;
        try {
            percent = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(String.format(
                    "invalid value for IntOrString: invalid value \"%s\": strconv.Atoi: parsing \"%s\": invalid syntax",
                    text, digits));
        }
        return (int) Math.ceil((double) percent * total / 100);
    }

    /** Whether the value is a percentage string rather than an absolute number (intstr.String). */
    static boolean isString(IntOrString value) {
        return value.getStrVal() != null;
    }
}
