package io.skiff.scheduler.framework;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One scheduling profile as KubeSchedulerConfiguration describes it: the scheduler name pods select
 * it by, the plugins (MultiPoint plus per-extension-point sets, merged over the defaults by the
 * framework), plugin arguments by plugin name, and an optional percentageOfNodesToScore.
 */
public record ProfileConfig(
        String schedulerName,
        PluginSet multiPoint,
        Map<ExtensionPoint, PluginSet> extensionPoints,
        Map<String, PluginArgs> pluginArgs,
        Integer percentageOfNodesToScore) {

    /** The scheduler name pods get when they name none. */
    public static final String DEFAULT_SCHEDULER_NAME = "default-scheduler";

    public ProfileConfig {
        Objects.requireNonNull(schedulerName, "schedulerName");
        multiPoint = multiPoint == null ? PluginSet.empty() : multiPoint;
        Map<ExtensionPoint, PluginSet> points = new EnumMap<>(ExtensionPoint.class);
        if (extensionPoints != null) {
            points.putAll(extensionPoints);
        }
        extensionPoints = Map.copyOf(points);
        pluginArgs = pluginArgs == null ? Map.of() : Map.copyOf(pluginArgs);
        if (percentageOfNodesToScore != null && (percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100)) {
            throw new IllegalArgumentException(
                    "percentageOfNodesToScore must be in [0, 100]: " + percentageOfNodesToScore);
        }
    }

    /** A profile that only names its scheduler: it gets the default plugins. */
    public static ProfileConfig named(String schedulerName) {
        return new ProfileConfig(schedulerName, null, null, null, null);
    }

    /** The plugin set configured for an extension point (empty when none). */
    public PluginSet pluginSet(ExtensionPoint point) {
        return extensionPoints.getOrDefault(point, PluginSet.empty());
    }

    public PluginArgs args(String pluginName) {
        return pluginArgs.getOrDefault(pluginName, PluginArgs.none());
    }

    public ProfileConfig withMultiPoint(PluginSet set) {
        return new ProfileConfig(schedulerName, set, extensionPoints, pluginArgs, percentageOfNodesToScore);
    }

    public ProfileConfig withPluginSet(ExtensionPoint point, PluginSet set) {
        Map<ExtensionPoint, PluginSet> points = new EnumMap<>(ExtensionPoint.class);
        points.putAll(extensionPoints);
        points.put(point, set);
        return new ProfileConfig(schedulerName, multiPoint, points, pluginArgs, percentageOfNodesToScore);
    }

    public ProfileConfig withArgs(String pluginName, PluginArgs args) {
        Map<String, PluginArgs> all = new HashMap<>(pluginArgs);
        all.put(pluginName, args);
        return new ProfileConfig(schedulerName, multiPoint, extensionPoints, all, percentageOfNodesToScore);
    }

    public ProfileConfig withPercentageOfNodesToScore(Integer percentage) {
        return new ProfileConfig(schedulerName, multiPoint, extensionPoints, pluginArgs, percentage);
    }
}
