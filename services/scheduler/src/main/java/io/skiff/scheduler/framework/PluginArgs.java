package io.skiff.scheduler.framework;

import io.skiff.model.json.KubeJson;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A plugin's arguments from the profile, as given: a typed object (e.g. a plugin's args record) or
 * the JSON-like map a configuration file yields, converted on demand with the Kubernetes Jackson
 * mapper (field names as in KubeSchedulerConfiguration, e.g. {@code scoringStrategy}).
 */
public final class PluginArgs {

    private static final PluginArgs NONE = new PluginArgs(null);

    private final Object value;

    private PluginArgs(Object value) {
        this.value = value;
    }

    /** No arguments: plugins use their defaults. */
    public static PluginArgs none() {
        return NONE;
    }

    /** Arguments given as a typed object or as a map. */
    public static PluginArgs of(Object value) {
        return new PluginArgs(value);
    }

    public boolean isEmpty() {
        return value == null;
    }

    /**
     * The arguments as {@code type}: the object itself when it is one, converted when it is a map,
     * the defaults when none were given.
     *
     * @throws IllegalArgumentException when a map cannot be read as {@code type}
     */
    public <T> T as(Class<T> type, Supplier<T> defaults) {
        if (value == null) {
            return defaults.get();
        }
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        if (value instanceof Map) {
            return KubeJson.mapper().convertValue(value, type);
        }
        throw new IllegalArgumentException("want args of type " + type.getSimpleName() + ", got "
                + value.getClass().getSimpleName());
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }
}
