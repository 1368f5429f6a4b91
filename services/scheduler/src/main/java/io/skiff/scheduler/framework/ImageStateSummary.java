package io.skiff.scheduler.framework;

/**
 * What the scheduler knows of one container image on a node: its size in bytes and on how many
 * nodes of the cluster it is present (ImageLocality scales by that spread).
 */
public record ImageStateSummary(long size, int numNodes) {}
