package io.skiff.scheduler.framework;

import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state of one scheduling cycle for one pod: what plugins computed once (usually in PreFilter
 * or PreScore) and read again at later extension points. Reads are safe from the parallel filter
 * and score workers; writes happen in the serial points (PreFilter, PreScore, Reserve, ...).
 *
 * <p>Also records which plugins asked to be skipped at Filter and Score by answering {@link
 * Status.Code#SKIP} at PreFilter and PreScore.
 */
public final class CycleState {

    private final Map<StateKey<?>, StateData> values;
    private volatile Set<String> skipFilterPlugins = Set.of();
    private volatile Set<String> skipScorePlugins = Set.of();

    public CycleState() {
        this.values = new ConcurrentHashMap<>();
    }

    private CycleState(Map<StateKey<?>, StateData> values, Set<String> skipFilter, Set<String> skipScore) {
        this.values = values;
        this.skipFilterPlugins = skipFilter;
        this.skipScorePlugins = skipScore;
    }

    /** Stores {@code value} under {@code key}, replacing what was there. */
    public <T extends StateData> void write(StateKey<T> key, T value) {
        values.put(key, value);
    }

    /** The value under {@code key}, if any was written. */
    public <T extends StateData> Optional<T> read(StateKey<T> key) {
        StateData value = values.get(key);
        return value == null ? Optional.empty() : Optional.of(key.cast(value));
    }

    /**
     * The value under {@code key}.
     *
     * @throws IllegalStateException with Kubernetes' wording when nothing was written, which means
     *     the plugin's PreFilter or PreScore did not run for this pod
     */
    public <T extends StateData> T require(StateKey<T> key) {
        StateData value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("error reading \"" + key.name() + "\" from cycleState: not found");
        }
        return key.cast(value);
    }

    public void delete(StateKey<?> key) {
        values.remove(key);
    }

    /** Plugins whose PreFilter answered Skip: the framework does not call their Filter this cycle. */
    public Set<String> skipFilterPlugins() {
        return skipFilterPlugins;
    }

    public void setSkipFilterPlugins(Set<String> plugins) {
        this.skipFilterPlugins = Collections.unmodifiableSet(new HashSet<>(plugins));
    }

    /** Plugins whose PreScore answered Skip: the framework does not call their Score this cycle. */
    public Set<String> skipScorePlugins() {
        return skipScorePlugins;
    }

    public void setSkipScorePlugins(Set<String> plugins) {
        this.skipScorePlugins = Collections.unmodifiableSet(new HashSet<>(plugins));
    }

    /** A deep copy for what-if evaluation (preemption, nominated pods): each value is {@link StateData#copy() copied}. */
    public CycleState copy() {
        Map<StateKey<?>, StateData> copied = new ConcurrentHashMap<>(values.size() * 2);
        values.forEach((key, value) -> copied.put(key, value.copy()));
        return new CycleState(copied, skipFilterPlugins, skipScorePlugins);
    }
}
