package io.skiff.scheduler.framework;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plugin names and the factories that build them: the in-tree registry plus any out-of-tree
 * plugins merged into it. Names are unique.
 */
public final class PluginRegistry {

    private final Map<String, PluginFactory> factories = new LinkedHashMap<>();

    /**
     * Adds a plugin.
     *
     * @throws IllegalArgumentException when the name is already registered
     */
    public PluginRegistry register(String name, PluginFactory factory) {
        if (factories.putIfAbsent(name, factory) != null) {
            throw new IllegalArgumentException("a plugin named " + name + " already exists");
        }
        return this;
    }

    /** Adds every plugin of {@code other}; names must not clash. */
    public PluginRegistry merge(PluginRegistry other) {
        other.factories.forEach(this::register);
        return this;
    }

    public Optional<PluginFactory> factory(String name) {
        return Optional.ofNullable(factories.get(name));
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(factories.keySet());
    }
}
