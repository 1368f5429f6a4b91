package io.skiff.scheduler.framework;

/** A preferred pod (anti-)affinity term with its weight (1-100). */
public record WeightedAffinityTerm(AffinityTerm term, int weight) {}
