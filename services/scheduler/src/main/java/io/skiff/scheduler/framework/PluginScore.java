package io.skiff.scheduler.framework;

/** One plugin's weighted, normalised score for a node. */
public record PluginScore(String name, long score) {}
