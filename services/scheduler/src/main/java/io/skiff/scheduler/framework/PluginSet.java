package io.skiff.scheduler.framework;

import java.util.List;

/**
 * Plugins enabled and disabled at one extension point (or MultiPoint), as in
 * KubeSchedulerConfiguration; {@code "*"} in {@code disabled} disables every default plugin there.
 */
public record PluginSet(List<PluginRef> enabled, List<String> disabled) {

    /** The name that disables every default plugin of an extension point. */
    public static final String ALL = "*";

    private static final PluginSet EMPTY = new PluginSet(List.of(), List.of());

    public PluginSet {
        enabled = enabled == null ? List.of() : List.copyOf(enabled);
        disabled = disabled == null ? List.of() : List.copyOf(disabled);
    }

    public static PluginSet empty() {
        return EMPTY;
    }

    public static PluginSet enabled(PluginRef... plugins) {
        return new PluginSet(List.of(plugins), List.of());
    }

    public static PluginSet disabled(String... names) {
        return new PluginSet(List.of(), List.of(names));
    }

    public boolean disablesAll() {
        return disabled.contains(ALL);
    }
}
