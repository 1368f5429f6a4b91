package io.skiff.scheduler.plugins.noderesources;

/** A point of RequestedToCapacityRatio's scoring function: utilization (0-100 %) to score (0-10). */
public record UtilizationShapePoint(int utilization, int score) {}
