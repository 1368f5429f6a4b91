package io.skiff.scheduler.framework.runtime;

import io.skiff.scheduler.framework.Parallelizer;
import io.skiff.scheduler.framework.PluginRegistry;
import io.skiff.scheduler.framework.PluginSet;
import io.skiff.scheduler.framework.PodNominator;
import io.skiff.scheduler.framework.Ports;
import io.skiff.scheduler.framework.ProfileConfig;
import io.skiff.scheduler.framework.Snapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one framework per configured profile, keyed by scheduler name, as kube-scheduler's
 * profile.NewMap: every profile shares the snapshot, parallelizer, nominator and ports, and is
 * merged over the same default plugins.
 */
public final class Profiles {

    private Profiles() {}

    /**
     * @throws IllegalArgumentException when there is no profile, two profiles share a scheduler
     *     name, or a profile is invalid
     */
    public static Map<String, FrameworkRunner> build(
            List<ProfileConfig> configs,
            PluginSet defaultMultiPoint,
            PluginRegistry registry,
            Snapshot snapshot,
            Parallelizer parallelizer,
            PodNominator nominator,
            Ports ports) {
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("at least one profile is required");
        }
        Map<String, FrameworkRunner> profiles = new LinkedHashMap<>();
        for (ProfileConfig config : configs) {
            String name = config.schedulerName();
            if (profiles.containsKey(name)) {
                throw new IllegalArgumentException("duplicate profile with scheduler name \"" + name + "\"");
            }
            FrameworkRunner framework;
            try {
                framework = FrameworkRunner.builder(registry, config)
                        .defaults(ProfileConfig.named(name).withMultiPoint(defaultMultiPoint))
                        .snapshot(snapshot)
                        .parallelizer(parallelizer)
                        .nominator(nominator)
                        .ports(ports)
                        .build();
            } catch (IllegalArgumentException e) {
                profiles.values().forEach(FrameworkRunner::close);
                throw new IllegalArgumentException("profile \"" + name + "\": " + e.getMessage(), e);
            }
            profiles.put(name, framework);
        }
        return Map.copyOf(profiles);
    }
}
