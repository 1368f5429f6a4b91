package io.skiff.scheduler.app;

import io.skiff.scheduler.framework.PluginArgs;
import io.skiff.scheduler.framework.PluginRef;
import io.skiff.scheduler.framework.PluginSet;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.framework.ProfileConfig;
import io.skiff.scheduler.plugins.noderesources.NodeResourcesFitArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The scheduler's settings, the parts of KubeSchedulerConfiguration Skiff reads.
 *
 * @param profiles one per scheduler name; none means the single profile "default-scheduler" with
 *     Kubernetes' default plugins and weights
 * @param podInitialBackoff a pod's backoff after its first failed attempt (kube-scheduler: 1 s)
 * @param podMaxBackoff the cap of the doubling backoff (kube-scheduler: 10 s)
 * @param percentageOfNodesToScore 0 for Kubernetes' adaptive default (50% minus nodes/125, at
 *     least 5%, at least 100 nodes), else a fixed percentage
 * @param parallelism threads that run filters and scores over nodes in one scheduling cycle
 * @param bindingWorkers bindings in flight at once; binding runs beside the next cycles, as
 *     kube-scheduler binds in its own goroutines
 * @param bindTimeout how long one binding may take before the pod is forgotten and retried
 */
@ConfigurationProperties("skiff.scheduler")
public record SchedulerProperties(
        List<Profile> profiles,
        @DefaultValue("1s") Duration podInitialBackoff,
        @DefaultValue("10s") Duration podMaxBackoff,
        @DefaultValue("0") int percentageOfNodesToScore,
        @DefaultValue("2") int parallelism,
        @DefaultValue("32") int bindingWorkers,
        @DefaultValue("30s") Duration bindTimeout) {

    public SchedulerProperties {
        profiles = profiles == null || profiles.isEmpty()
                ? List.of(new Profile(ProfileConfig.DEFAULT_SCHEDULER_NAME, null, null, null, null))
                : List.copyOf(profiles);
        if (podInitialBackoff.compareTo(podMaxBackoff) > 0) {
            throw new IllegalArgumentException("skiff.scheduler.pod-initial-backoff (" + podInitialBackoff
                    + ") must not exceed pod-max-backoff (" + podMaxBackoff + ")");
        }
        if (percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100) {
            throw new IllegalArgumentException(
                    "skiff.scheduler.percentage-of-nodes-to-score must be in [0, 100]: " + percentageOfNodesToScore);
        }
    }

    /**
     * One profile.
     *
     * @param schedulerName the spec.schedulerName of the pods it schedules
     * @param disabledPlugins default plugins to switch off ("*" for all)
     * @param enabledPlugins plugins to add or re-weight, name to score weight (0 for plugins that
     *     do not score)
     * @param nodeResourcesFit NodeResourcesFit's arguments, e.g. scoringStrategy.type MostAllocated
     * @param percentageOfNodesToScore overrides the scheduler-wide value for this profile
     */
    public record Profile(
            String schedulerName,
            List<String> disabledPlugins,
            Map<String, Integer> enabledPlugins,
            NodeResourcesFitArgs nodeResourcesFit,
            Integer percentageOfNodesToScore) {

        public Profile {
            if (schedulerName == null || schedulerName.isBlank()) {
                throw new IllegalArgumentException("every skiff.scheduler.profiles entry needs a scheduler-name");
            }
            disabledPlugins = disabledPlugins == null ? List.of() : List.copyOf(disabledPlugins);
            enabledPlugins = enabledPlugins == null ? Map.of() : Map.copyOf(enabledPlugins);
        }

        /**
         * The framework's view: MultiPoint plugins merged over the defaults by the framework; no
         * percentage when neither this profile nor the scheduler sets one (the adaptive default).
         */
        public ProfileConfig toConfig(int defaultPercentageOfNodesToScore) {
            List<PluginRef> enabled = new ArrayList<>();
            enabledPlugins.forEach((name, weight) -> enabled.add(PluginRef.weighted(name, weight)));
            ProfileConfig config = ProfileConfig.named(schedulerName)
                    .withMultiPoint(new PluginSet(enabled, disabledPlugins))
                    .withPercentageOfNodesToScore(
                            percentageOfNodesToScore != null
                                    ? percentageOfNodesToScore
                                    : defaultPercentageOfNodesToScore == 0 ? null : defaultPercentageOfNodesToScore);
            if (nodeResourcesFit != null) {
                config = config.withArgs(Plugins.NODE_RESOURCES_FIT, PluginArgs.of(nodeResourcesFit));
            }
            return config;
        }
    }
}
