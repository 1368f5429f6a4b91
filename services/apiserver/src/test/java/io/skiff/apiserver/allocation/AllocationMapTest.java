package io.skiff.apiserver.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AllocationMapTest {

    @Test
    void dynamicPicksFillTheUpperBandBeforeTheStaticBand() {
        AllocationMap map = new AllocationMap(30, 16, new Random(1));
        Set<Integer> picked = new HashSet<>();
        for (int i = 0; i < 14; i++) {
            int offset = map.takeNext().getAsInt();
            assertThat(offset).as("pick %d comes from the upper band", i).isBetween(16, 29);
            assertThat(picked.add(offset)).isTrue();
        }
        for (int i = 0; i < 16; i++) {
            int offset = map.takeNext().getAsInt();
            assertThat(offset).as("then the static band").isBetween(0, 15);
            assertThat(picked.add(offset)).isTrue();
        }
        assertThat(map.takeNext()).isEmpty();
        assertThat(map.free()).isZero();
    }

    @Test
    void aRequestedOffsetIsTakenOnceAndFreeAgainAfterRelease() {
        AllocationMap map = new AllocationMap(10, 0, new Random(2));
        assertThat(map.take(3)).isTrue();
        assertThat(map.take(3)).isFalse();
        map.release(3);
        assertThat(map.isTaken(3)).isFalse();
        assertThat(map.take(3)).isTrue();
    }

    @Test
    void dynamicPicksAvoidTakenOffsetsAndWrapAround() {
        AllocationMap map = new AllocationMap(4, 0, new Random(3));
        map.take(0);
        map.take(2);
        Set<Integer> picked = new HashSet<>();
        picked.add(map.takeNext().getAsInt());
        picked.add(map.takeNext().getAsInt());
        assertThat(picked).containsExactlyInAnyOrder(1, 3);
        assertThat(map.takeNext()).isEqualTo(OptionalInt.empty());
    }

    @Test
    void resetReplacesTheView() {
        AllocationMap map = new AllocationMap(8, 0, new Random(4));
        map.take(1);
        BitSet taken = new BitSet();
        taken.set(5);
        map.reset(taken);
        assertThat(map.isTaken(1)).isFalse();
        assertThat(map.isTaken(5)).isTrue();
        assertThat(map.free()).isEqualTo(7);
    }
}
