package io.skiff.scheduler.plugins.noderesources;

import io.skiff.scheduler.framework.Score;
import java.util.ArrayList;
import java.util.List;

/** The scoring functions of Kubernetes' NodeResourcesFit strategies and BalancedAllocation. */
final class Scorers {

    /** RequestedToCapacityRatio's shape scores run 0-10; node scores 0-100. */
    private static final long MAX_CUSTOM_PRIORITY_SCORE = 10;

    private static final long MAX_UTILIZATION = 100;

    private Scorers() {}

    /** Prefers nodes with more room left: per resource (allocatable - requested) * 100 / allocatable, weighted mean. */
    static ResourceScorer leastAllocated(List<ResourceSpec> resources) {
        return weightedMean(resources, (requested, capacity) -> {
            if (capacity == 0 || requested > capacity) {
                return 0;
            }
            return (capacity - requested) * Score.MAX_NODE_SCORE / capacity;
        });
    }

    /** Prefers fuller nodes (bin packing): per resource requested * 100 / allocatable, capped, weighted mean. */
    static ResourceScorer mostAllocated(List<ResourceSpec> resources) {
        return weightedMean(resources, (requested, capacity) -> {
            if (capacity == 0) {
                return 0;
            }
            return Math.min(requested, capacity) * Score.MAX_NODE_SCORE / capacity;
        });
    }

    private interface PerResource {
        long score(long requested, long capacity);
    }

    private static ResourceScorer weightedMean(List<ResourceSpec> resources, PerResource perResource) {
        return (requested, allocatable) -> {
            long nodeScore = 0;
            long weightSum = 0;
            for (int i = 0; i < requested.length; i++) {
                if (allocatable[i] == 0) {
                    continue;
                }
                long weight = resources.get(i).weight();
                nodeScore += perResource.score(requested[i], allocatable[i]) * weight;
                weightSum += weight;
            }
            return weightSum == 0 ? 0 : nodeScore / weightSum;
        };
    }

    /**
     * A piecewise-linear function of utilization: the shape's scores (0-10) scaled to 0-100, and the
     * weighted mean over resources with a positive score, rounded.
     */
    static ResourceScorer requestedToCapacityRatio(List<ResourceSpec> resources, List<UtilizationShapePoint> shape) {
        List<long[]> points = new ArrayList<>();
        for (UtilizationShapePoint point : shape) {
            points.add(
                    new long[] {point.utilization(), point.score() * (Score.MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE)
                    });
        }
        return (requested, allocatable) -> {
            long nodeScore = 0;
            long weightSum = 0;
            for (int i = 0; i < requested.length; i++) {
                if (allocatable[i] == 0) {
                    continue;
                }
                long utilization = requested[i] > allocatable[i]
                        ? MAX_UTILIZATION
                        : requested[i] * MAX_UTILIZATION / allocatable[i];
                long resourceScore = brokenLinear(points, utilization);
                if (resourceScore > 0) {
                    long weight = resources.get(i).weight();
                    nodeScore += resourceScore * weight;
                    weightSum += weight;
                }
            }
            return weightSum == 0 ? 0 : Math.round((double) nodeScore / weightSum);
        };
    }

    private static long brokenLinear(List<long[]> shape, long utilization) {
        for (int i = 0; i < shape.size(); i++) {
            long[] point = shape.get(i);
            if (utilization <= point[0]) {
                if (i == 0) {
                    return point[1];
                }
                long[] previous = shape.get(i - 1);
                return previous[1] + (point[1] - previous[1]) * (utilization - previous[0]) / (point[0] - previous[0]);
            }
        }
        return shape.get(shape.size() - 1)[1];
    }

    /**
     * BalancedAllocation: 100 * (1 - the standard deviation of the resources' utilization
     * fractions), each fraction capped at 1; with two resources the deviation is half their
     * difference.
     */
    static long balanced(long[] requested, long[] allocatable) {
        List<Double> fractions = new ArrayList<>();
        double total = 0;
        for (int i = 0; i < requested.length; i++) {
            if (allocatable[i] == 0) {
                continue;
            }
            double fraction = Math.min(1, (double) requested[i] / allocatable[i]);
            total += fraction;
            fractions.add(fraction);
        }
        double std = 0;
        if (fractions.size() == 2) {
            std = Math.abs((fractions.get(0) - fractions.get(1)) / 2);
        } else if (fractions.size() > 2) {
            double mean = total / fractions.size();
            double sum = 0;
            for (double fraction : fractions) {
                sum += (fraction - mean) * (fraction - mean);
            }
            std = Math.sqrt(sum / fractions.size());
        }
        return (long) ((1 - std) * Score.MAX_NODE_SCORE);
    }
}
