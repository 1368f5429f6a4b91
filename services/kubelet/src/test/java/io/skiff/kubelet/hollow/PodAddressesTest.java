package io.skiff.kubelet.hollow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PodAddressesTest {

    @Test
    void addressesComeFromThePodCidrLowestFreeFirst() {
        PodAddresses pool = PodAddresses.of("10.244.5.0/24", 3);
        assertThat(pool.allocate("a", null)).isEqualTo("10.244.5.1");
        assertThat(pool.allocate("b", null)).isEqualTo("10.244.5.2");
        assertThat(pool.allocate("a", null)).isEqualTo("10.244.5.1");
        pool.release("a");
        assertThat(pool.allocate("c", null)).isEqualTo("10.244.5.1");
    }

    @Test
    void aPodKeepsTheAddressItReportedWhenItIsFree() {
        PodAddresses pool = PodAddresses.of("10.244.5.0/24", 3);
        assertThat(pool.allocate("a", "10.244.5.77")).isEqualTo("10.244.5.77");
        assertThat(pool.allocate("b", "10.244.5.77")).isEqualTo("10.244.5.1");
        assertThat(pool.allocate("c", "10.9.9.9")).isEqualTo("10.244.5.2");
    }

    @Test
    void aNodeWithoutAnIpv4PodCidrGetsASyntheticBlockOfItsOwn() {
        assertThat(PodAddresses.of(null, 0).allocate("a", null)).isEqualTo("100.64.0.1");
        assertThat(PodAddresses.of("fd00::/64", 300).allocate("a", null)).isEqualTo("100.65.44.1");
        assertThat(PodAddresses.of("not-a-cidr", 16384 + 2).allocate("a", null)).isEqualTo("100.64.2.1");
    }

    @Test
    void aFullPoolSharesItsLastAddressRatherThanFail() {
        PodAddresses pool = PodAddresses.of("10.1.2.0/30", 0);
        assertThat(pool.allocate("a", null)).isEqualTo("10.1.2.1");
        assertThat(pool.allocate("b", null)).isEqualTo("10.1.2.2");
        assertThat(pool.allocate("c", null)).isEqualTo("10.1.2.2");
    }
}
