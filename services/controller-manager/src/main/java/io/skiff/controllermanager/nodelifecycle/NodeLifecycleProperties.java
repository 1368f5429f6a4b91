package io.skiff.controllermanager.nodelifecycle;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the node lifecycle controller ({@code skiff.controllers.node-lifecycle.*}), named
 * after kube-controller-manager's flags.
 *
 * @param enabled false switches the controller (and taint-based eviction) off
 * @param nodeMonitorPeriod how often node health is checked (--node-monitor-period)
 * @param nodeMonitorGracePeriod how long a node may go without a renewed Lease or Ready heartbeat
 *     before it is marked Unknown (--node-monitor-grace-period)
 * @param nodeStartupGracePeriod the same for a node that never posted a Ready condition
 *     (--node-startup-grace-period)
 * @param nodeEvictionRate nodes tainted for eviction per second in a healthy zone (--node-eviction-rate)
 * @param secondaryNodeEvictionRate the same in a partially disrupted large zone
 *     (--secondary-node-eviction-rate)
 * @param largeClusterSizeThreshold zones with more nodes than this use the secondary rate when
 *     partially disrupted; smaller ones stop (--large-cluster-size-threshold)
 * @param unhealthyZoneThreshold the share of not-ready nodes (and more than 2) that makes a zone
 *     partially disrupted (--unhealthy-zone-threshold)
 * @param workers how many nodes and pods are synced at once
 */
@ConfigurationProperties("skiff.controllers.node-lifecycle")
public record NodeLifecycleProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5s") Duration nodeMonitorPeriod,
        @DefaultValue("40s") Duration nodeMonitorGracePeriod,
        @DefaultValue("60s") Duration nodeStartupGracePeriod,
        @DefaultValue("0.1") double nodeEvictionRate,
        @DefaultValue("0.01") double secondaryNodeEvictionRate,
        @DefaultValue("50") int largeClusterSizeThreshold,
        @DefaultValue("0.55") double unhealthyZoneThreshold,
        @DefaultValue("5") int workers) {}
