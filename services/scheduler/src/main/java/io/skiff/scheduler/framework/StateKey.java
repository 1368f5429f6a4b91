package io.skiff.scheduler.framework;

import java.util.Objects;

/**
 * A typed key into the {@link CycleState}. Keys compare by identity: each plugin holds its own
 * keys as constants, so two plugins can never read each other's state by accident, and the type
 * parameter makes every read typed.
 *
 * @param <T> the type of the value stored under this key
 */
public final class StateKey<T extends StateData> {

    private final String name;
    private final Class<T> type;

    private StateKey(String name, Class<T> type) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
    }

    /** A new key; {@code name} only labels errors and logs (Kubernetes uses e.g. "PreFilterNodeAffinity"). */
    public static <T extends StateData> StateKey<T> of(String name, Class<T> type) {
        return new StateKey<>(name, type);
    }

    public String name() {
        return name;
    }

    T cast(StateData value) {
        return type.cast(value);
    }

    @Override
    public String toString() {
        return name;
    }
}
