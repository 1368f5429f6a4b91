package io.skiff.scheduler.framework;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The outside services plugins may use, by type: the binder, listers of other resources, an API
 * client for evictions. The integrator registers its implementations once; plugin factories look
 * up what they need through {@link Handle#port(Class)} when the profile is built, so plugins depend
 * on small interfaces, never on the API client itself.
 */
public final class Ports {

    private static final Ports NONE = new Ports(Map.of());

    private final Map<Class<?>, Object> services;

    private Ports(Map<Class<?>, Object> services) {
        this.services = services;
    }

    public static Ports none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The registered implementation of {@code type}, if any. */
    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(type.cast(services.get(type)));
    }

    /** Accumulates port implementations. */
    public static final class Builder {
        private final Map<Class<?>, Object> services = new HashMap<>();

        private Builder() {}

        public <T> Builder with(Class<T> type, T implementation) {
            services.put(type, type.cast(implementation));
            return this;
        }

        public Ports build() {
            return new Ports(Map.copyOf(services));
        }
    }
}
