/**
 * DefaultPreemption: when no node fits a pod, find nodes where evicting lower-priority pods makes it
 * fit, keep as few victims as possible (sparing PodDisruptionBudgets where it can), pick the node
 * Kubernetes would, evict the victims through the {@link
 * io.skiff.scheduler.plugins.defaultpreemption.Preemptor} port and nominate the pod to that node.
 */
package io.skiff.scheduler.plugins.defaultpreemption;
