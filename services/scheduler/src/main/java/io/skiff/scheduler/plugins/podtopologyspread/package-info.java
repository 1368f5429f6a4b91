/**
 * PodTopologySpread: spreads pods matching a constraint's selector evenly across topology domains
 * (maxSkew, minDomains, node inclusion policies, matchLabelKeys), hard as a filter
 * (DoNotSchedule) and soft as a score (ScheduleAnyway), with the cluster-level default constraints
 * for pods of Services, ReplicationControllers, ReplicaSets and StatefulSets, as Kubernetes'
 * podtopologyspread plugin.
 */
package io.skiff.scheduler.plugins.podtopologyspread;
