package io.skiff.scheduler.plugins.noderesources;

/** Turns per-resource requested and allocatable amounts (aligned arrays) into a node score in [0, 100]. */
@FunctionalInterface
interface ResourceScorer {

    long score(long[] requested, long[] allocatable);
}
