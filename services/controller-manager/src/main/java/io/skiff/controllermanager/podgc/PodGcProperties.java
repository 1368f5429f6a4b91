package io.skiff.controllermanager.podgc;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the pod garbage collector ({@code skiff.controllers.pod-gc.*}).
 *
 * @param enabled false switches the controller off
 * @param terminatedPodGcThreshold how many terminated (Succeeded or Failed) pods may exist before
 *     the oldest are deleted; 0 or less keeps them all (--terminated-pod-gc-threshold)
 * @param checkPeriod how often a collection pass runs (podgc's gcCheckPeriod)
 * @param quarantine how long a node must be missing from the cache before the API server is asked
 *     whether it is really gone (podgc's quarantineTime)
 */
@ConfigurationProperties("skiff.controllers.pod-gc")
public record PodGcProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("12500") int terminatedPodGcThreshold,
        @DefaultValue("20s") Duration checkPeriod,
        @DefaultValue("40s") Duration quarantine) {}
