package io.skiff.scheduler.core;

/**
 * Where the pod should go: the chosen node, how many nodes were evaluated (filtered, passing or
 * not) and how many of them were feasible.
 */
public record ScheduleResult(String suggestedHost, int evaluatedNodes, int feasibleNodes) {}
