package io.skiff.controllermanager.garbagecollector;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the garbage collector ({@code skiff.controllers.garbage-collector.*}).
 *
 * @param enabled false switches the controller off
 * @param workers how many nodes each of the two queues syncs at once (kube-controller-manager's
 *     --concurrent-gc-syncs, 20)
 * @param absentOwnerCacheSize how many owners confirmed absent are remembered
 * @param stopTimeout how long stopping (on losing the lease) waits for syncs in progress
 */
@ConfigurationProperties("skiff.controllers.garbage-collector")
public record GarbageCollectorProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("20") int workers,
        @DefaultValue("500") int absentOwnerCacheSize,
        @DefaultValue("10s") Duration stopTimeout) {}
