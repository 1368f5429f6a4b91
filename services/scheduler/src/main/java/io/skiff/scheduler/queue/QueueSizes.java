package io.skiff.scheduler.queue;

/** How many pods wait in each part of the queue (kube-scheduler's scheduler_pending_pods{queue}). */
public record QueueSizes(int active, int backoff, int unschedulable, int gated) {}
