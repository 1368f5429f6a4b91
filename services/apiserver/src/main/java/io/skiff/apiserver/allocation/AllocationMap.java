package io.skiff.apiserver.allocation;

import java.util.BitSet;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * Which offsets of a range this API server knows to be taken, and the choice of a free one, as
 * Kubernetes' allocation map with a static band (KEP-3070): offsets below {@code staticBand} are
 * left for values users ask for, so dynamic picks come from the upper band first, from a random
 * starting point, and fall back to the lower band only when the upper one is full.
 *
 * <p>The map is this server's view only; the database decides who holds a value (see {@link
 * AllocationPool}).
 */
final class AllocationMap {

    private final int size;
    private final int staticBand;
    private final BitSet taken;
    private final RandomGenerator random;

    AllocationMap(int size, int staticBand, RandomGenerator random) {
        if (staticBand < 0 || (size > 0 && staticBand >= size)) {
            throw new IllegalArgumentException("static band " + staticBand + " does not fit a range of " + size);
        }
        this.size = size;
        this.staticBand = staticBand;
        this.taken = new BitSet(size);
        this.random = random;
    }

    int size() {
        return size;
    }

    synchronized boolean isTaken(int offset) {
        return taken.get(offset);
    }

    /** Marks {@code offset} taken; false if it already was. */
    synchronized boolean take(int offset) {
        if (taken.get(offset)) {
            return false;
        }
        taken.set(offset);
        return true;
    }

    synchronized void release(int offset) {
        taken.clear(offset);
    }

    /** Takes a free offset, upper band first; empty when every offset is taken. */
    synchronized OptionalInt takeNext() {
        int found = scan(staticBand, size);
        if (found < 0) {
            found = scan(0, staticBand);
        }
        if (found < 0) {
            return OptionalInt.empty();
        }
        taken.set(found);
        return OptionalInt.of(found);
    }

    /** How many offsets are free. */
    synchronized int free() {
        return size - taken.cardinality();
    }

    /** Replaces the view: exactly the offsets in {@code nowTaken} are taken. */
    synchronized void reset(BitSet nowTaken) {
        taken.clear();
        taken.or(nowTaken);
        if (taken.length() > size) {
            taken.clear(size, taken.length());
        }
    }

    /** A free offset in [from, to), searching forward from a random start and wrapping around. */
    private int scan(int from, int to) {
        if (to <= from) {
            return -1;
        }
        int start = from + random.nextInt(to - from);
        int found = taken.nextClearBit(start);
        if (found < to) {
            return found;
        }
        found = taken.nextClearBit(from);
        return found < start ? found : -1;
    }
}
