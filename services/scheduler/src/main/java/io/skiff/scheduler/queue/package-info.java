/**
 * The scheduling queue, as Kubernetes' PriorityQueue: pods waiting to be scheduled (active, by
 * priority then age), waiting out a backoff after a failed attempt, or parked as unschedulable
 * until a cluster event that could help them; plus the nominated pods.
 */
package io.skiff.scheduler.queue;
