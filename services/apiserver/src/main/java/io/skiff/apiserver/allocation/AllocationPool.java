package io.skiff.apiserver.allocation;

import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * One pool of values (cluster IPs, node ports) as this API server sees it. The database holds the
 * truth: the registry writes every allocation in the Service's own transaction under a uniqueness
 * constraint. This view only steers the choice of a value so that conflicts stay rare; values other
 * API servers took are learnt from a conflict or a reload, and a reload runs before a pool is called
 * full.
 */
final class AllocationPool {

    private final String name;
    private final AllocationMap map;
    private final IntFunction<String> valueAt;
    private final Function<String, OptionalInt> offsetOf;
    private final Function<String, List<String>> committedValues;
    /** Offsets picked or requested by writes of this server that have not ended yet. */
    private final Set<Integer> pending = new HashSet<>();

    AllocationPool(
            String name,
            AllocationMap map,
            IntFunction<String> valueAt,
            Function<String, OptionalInt> offsetOf,
            Function<String, List<String>> committedValues) {
        this.name = name;
        this.map = map;
        this.valueAt = valueAt;
        this.offsetOf = offsetOf;
        this.committedValues = committedValues;
    }

    String name() {
        return name;
    }

    String valueAt(int offset) {
        return valueAt.apply(offset);
    }

    OptionalInt offsetOf(String value) {
        return offsetOf.apply(value);
    }

    /** Picks a free offset and holds it for a write in flight; empty when the pool is full. */
    OptionalInt pick() {
        OptionalInt picked = map.takeNext();
        if (picked.isEmpty()) {
            // Other API servers may have given values back since this view was loaded.
            reload();
            picked = map.takeNext();
        }
        picked.ifPresent(this::addPending);
        return picked;
    }

    /** Holds a value a client asked for, if this view has it free; false when it looks taken. */
    boolean hold(int offset) {
        if (map.take(offset)) {
            addPending(offset);
            return true;
        }
        return false;
    }

    boolean looksTaken(int offset) {
        return map.isTaken(offset);
    }

    /** The write holding {@code offset} committed: it stays taken. */
    synchronized void committed(int offset) {
        pending.remove(offset);
    }

    /** The write holding {@code offset} did not commit: the offset is free again as far as we know. */
    synchronized void abandoned(int offset) {
        if (pending.remove(offset)) {
            map.release(offset);
        }
    }

    /** A committed write gave {@code offset} back. */
    void released(int offset) {
        map.release(offset);
    }

    /** Another object holds {@code offset} (learnt from a refused write). */
    void takenElsewhere(int offset) {
        map.take(offset);
    }

    int free() {
        return map.free();
    }

    /** Reloads the view from the database, keeping the offsets of writes still in flight. */
    void reload() {
        BitSet taken = new BitSet(map.size());
        for (String value : committedValues.apply(name)) {
            offsetOf.apply(value).ifPresent(taken::set);
        }
        synchronized (this) {
            pending.forEach(taken::set);
            map.reset(taken);
        }
    }

    private synchronized void addPending(int offset) {
        pending.add(offset);
    }
}
