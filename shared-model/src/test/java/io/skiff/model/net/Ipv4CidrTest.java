package io.skiff.model.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Ipv4CidrTest {

    @Test
    void parsesAndClearsTheHostBits() {
        Ipv4Cidr cidr = Ipv4Cidr.parse("10.244.3.7/16");

        assertThat(cidr.toString()).isEqualTo("10.244.0.0/16");
        assertThat(cidr.network()).isEqualTo(0x0AF4_0000L);
        assertThat(cidr.size()).isEqualTo(65_536);
        assertThat(Ipv4Cidr.parse("255.255.255.255/32").network()).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void containsOnlyWholeSubnets() {
        Ipv4Cidr cluster = Ipv4Cidr.parse("10.244.0.0/16");

        assertThat(cluster.contains(Ipv4Cidr.parse("10.244.17.0/24"))).isTrue();
        assertThat(cluster.contains(Ipv4Cidr.parse("10.245.0.0/24"))).isFalse();
        assertThat(cluster.contains(Ipv4Cidr.parse("10.0.0.0/8"))).isFalse();
    }

    @Test
    void refusesWhatIsNotAnIpv4Cidr() {
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.244.0.0")).hasMessageContaining("want a.b.c.d/n");
        assertThatThrownBy(() -> Ipv4Cidr.parse("fd00::/64")).hasMessageContaining("only IPv4");
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.256.0.0/16")).hasMessageContaining("not an IPv4 address");
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.0.0.0/33")).hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.0.0.0/x")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> Ipv4Cidr.parse("my-host/24")).hasMessageContaining("only IPv4");
    }
}
