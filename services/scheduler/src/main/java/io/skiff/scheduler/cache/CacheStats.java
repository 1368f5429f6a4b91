package io.skiff.scheduler.cache;

/** Sizes of the scheduler cache, for metrics. */
public record CacheStats(int nodes, int pods, int assumedPods) {}
