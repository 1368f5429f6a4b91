package io.skiff.scheduler.framework.runtime;

import io.skiff.scheduler.framework.ExtensionPoint;
import io.skiff.scheduler.framework.Plugin;
import io.skiff.scheduler.framework.PluginRef;
import io.skiff.scheduler.framework.PluginSet;
import io.skiff.scheduler.framework.ProfileConfig;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The effective plugin list of every extension point of one profile: the profile merged over the
 * defaults, then MultiPoint expanded as kube-scheduler expands it. A plugin enabled through
 * MultiPoint joins every extension point it implements unless disabled there; one also enabled at
 * a specific point keeps that point's configuration ("override") and runs first. Order per point:
 * overrides, then MultiPoint plugins, then the point's other plugins.
 */
final class ProfilePlugins {

    private final Map<ExtensionPoint, List<String>> pluginsByPoint;
    private final Map<String, Integer> scoreWeights;

    private ProfilePlugins(Map<ExtensionPoint, List<String>> pluginsByPoint, Map<String, Integer> scoreWeights) {
        this.pluginsByPoint = pluginsByPoint;
        this.scoreWeights = scoreWeights;
    }

    /** Every plugin name the profile refers to as enabled, in first-mention order. */
    static Set<String> referencedPlugins(ProfileConfig defaults, ProfileConfig profile) {
        Set<String> names = new LinkedHashSet<>();
        for (PluginRef ref : PluginSetMerger.merge(defaults.multiPoint(), profile.multiPoint())
                .enabled()) {
            names.add(ref.name());
        }
        for (ExtensionPoint point : ExtensionPoint.values()) {
            for (PluginRef ref : PluginSetMerger.merge(defaults.pluginSet(point), profile.pluginSet(point))
                    .enabled()) {
                names.add(ref.name());
            }
        }
        return names;
    }

    /**
     * Expands the profile.
     *
     * @param instances every referenced plugin, instantiated
     * @throws IllegalArgumentException on double registration or a plugin that does not implement a
     *     point it is explicitly enabled at
     */
    static ProfilePlugins expand(ProfileConfig defaults, ProfileConfig profile, Map<String, Plugin> instances) {
        PluginSet multiPoint = PluginSetMerger.merge(defaults.multiPoint(), profile.multiPoint());
        Map<ExtensionPoint, List<String>> byPoint = new EnumMap<>(ExtensionPoint.class);
        Map<String, Integer> weights = new HashMap<>();
        for (PluginRef ref : multiPoint.enabled()) {
            Plugin plugin = instances.get(ref.name());
            if (ExtensionPoint.SCORE.isImplementedBy(plugin)) {
                weights.put(ref.name(), ref.weight() == 0 ? 1 : ref.weight());
            }
        }
        for (ExtensionPoint point : ExtensionPoint.values()) {
            PluginSet specific = PluginSetMerger.merge(defaults.pluginSet(point), profile.pluginSet(point));
            Map<String, PluginRef> enabled = new LinkedHashMap<>();
            for (PluginRef ref : specific.enabled()) {
                Plugin plugin = instances.get(ref.name());
                if (!point.isImplementedBy(plugin)) {
                    throw new IllegalArgumentException("plugin \"" + ref.name() + "\" does not extend "
                            + point.pluginType().getSimpleName() + " plugin");
                }
                if (enabled.putIfAbsent(ref.name(), ref) != null) {
                    throw new IllegalArgumentException("plugin \"" + ref.name() + "\" already registered as \""
                            + point.pluginType().getSimpleName() + "\"");
                }
                if (point == ExtensionPoint.SCORE) {
                    weights.put(ref.name(), ref.weight() == 0 ? 1 : ref.weight());
                }
            }
            List<String> order = new ArrayList<>();
            if (specific.disablesAll()) {
                order.addAll(enabled.keySet());
            } else {
                Set<String> overrides = new LinkedHashSet<>();
                Set<String> fromMultiPoint = new LinkedHashSet<>();
                for (PluginRef ref : multiPoint.enabled()) {
                    Plugin plugin = instances.get(ref.name());
                    if (!point.isImplementedBy(plugin) || specific.disabled().contains(ref.name())) {
                        continue;
                    }
                    if (enabled.containsKey(ref.name())) {
                        overrides.add(ref.name());
                        continue;
                    }
                    if (!fromMultiPoint.add(ref.name())) {
                        throw new IllegalArgumentException("plugin \"" + ref.name() + "\" already registered as \""
                                + point.pluginType().getSimpleName() + "\"");
                    }
                }
                order.addAll(overrides);
                order.addAll(fromMultiPoint);
                for (String name : enabled.keySet()) {
                    if (!overrides.contains(name)) {
                        order.add(name);
                    }
                }
            }
            byPoint.put(point, List.copyOf(order));
        }
        for (String name : byPoint.get(ExtensionPoint.SCORE)) {
            weights.putIfAbsent(name, 1);
        }
        weights.keySet().retainAll(byPoint.get(ExtensionPoint.SCORE));
        return new ProfilePlugins(byPoint, Map.copyOf(weights));
    }

    List<String> pluginsAt(ExtensionPoint point) {
        return pluginsByPoint.get(point);
    }

    int scoreWeight(String plugin) {
        return scoreWeights.getOrDefault(plugin, 1);
    }
}
