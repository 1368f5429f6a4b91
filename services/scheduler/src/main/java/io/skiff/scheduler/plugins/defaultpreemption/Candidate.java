package io.skiff.scheduler.plugins.defaultpreemption;

/** A node where evicting the victims lets the pod fit. */
public record Candidate(String nodeName, Victims victims) {}
