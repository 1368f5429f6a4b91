package io.skiff.scheduler.framework;

import java.util.Objects;

/** A plugin named in a profile, with its score weight (0 means the default, 1; only Score uses it). */
public record PluginRef(String name, int weight) {

    public PluginRef {
        Objects.requireNonNull(name, "name");
        if (weight < 0) {
            throw new IllegalArgumentException("plugin " + name + ": weight must not be negative: " + weight);
        }
    }

    public static PluginRef of(String name) {
        return new PluginRef(name, 0);
    }

    public static PluginRef weighted(String name, int weight) {
        return new PluginRef(name, weight);
    }
}
