package io.skiff.scheduler.plugins.podtopologyspread;

import java.util.Objects;

/**
 * The two domains with the fewest matching pods for one constraint, kept up to date as preemption
 * adds and removes pods. Two are enough because preemption only changes one node's pods per
 * evaluation, on its own copy of the state: if the minimum domain grows, the second one (or the
 * grown one) is the new minimum. {@code first} always holds the minimum.
 */
final class CriticalPaths {

    private static final int NONE = Integer.MAX_VALUE;

    private String firstValue;
    private int firstCount = NONE;
    private String secondValue;
    private int secondCount = NONE;

    CriticalPaths copy() {
        CriticalPaths copy = new CriticalPaths();
        copy.firstValue = firstValue;
        copy.firstCount = firstCount;
        copy.secondValue = secondValue;
        copy.secondCount = secondCount;
        return copy;
    }

    /** The smallest number of matching pods in any domain; {@link Integer#MAX_VALUE} without domains. */
    int minCount() {
        return firstCount;
    }

    void update(String value, int count) {
        if (Objects.equals(value, firstValue) || Objects.equals(value, secondValue)) {
            if (Objects.equals(value, firstValue)) {
                firstCount = count;
            } else {
                secondCount = count;
            }
            if (firstCount > secondCount) {
                String swapValue = firstValue;
                int swapCount = firstCount;
                firstValue = secondValue;
                firstCount = secondCount;
                secondValue = swapValue;
                secondCount = swapCount;
            }
        } else if (count < firstCount) {
            secondValue = firstValue;
            secondCount = firstCount;
            firstValue = value;
            firstCount = count;
        } else if (count < secondCount) {
            secondValue = value;
            secondCount = count;
        }
    }

    @Override
    public String toString() {
        return "[" + firstValue + "=" + firstCount + ", " + secondValue + "=" + secondCount + "]";
    }
}
