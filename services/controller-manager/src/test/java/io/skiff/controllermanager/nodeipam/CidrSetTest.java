package io.skiff.controllermanager.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.model.net.Ipv4Cidr;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CidrSetTest {

    private static Ipv4Cidr cidr(String text) {
        return Ipv4Cidr.parse(text);
    }

    @Test
    void parsesAndPrintsIpv4CidrsClearingHostBits() {
        assertThat(cidr("10.244.3.7/16")).hasToString("10.244.0.0/16");
        assertThat(cidr("0.0.0.0/0").size()).isEqualTo(1L << 32);
        assertThat(cidr("255.255.255.255/32")).hasToString("255.255.255.255/32");
        assertThat(cidr("10.244.0.0/16").contains(cidr("10.244.255.0/24"))).isTrue();
        assertThat(cidr("10.244.0.0/16").contains(cidr("10.245.0.0/24"))).isFalse();
        assertThat(cidr("10.244.0.0/24").contains(cidr("10.244.0.0/16"))).isFalse();
    }

    @Test
    void refusesIpv6AndMalformedCidrs() {
        assertThatThrownBy(() -> cidr("fd00::/64")).hasMessageContaining("only IPv4");
        assertThatThrownBy(() -> cidr("10.244.0.0")).hasMessageContaining("not a CIDR");
        assertThatThrownBy(() -> cidr("10.244.0.0/33")).hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> cidr("example.com/16")).hasMessageContaining("only IPv4");
    }

    @Test
    void handsOutEverySubnetOnceInOrderThenRunsOut() {
        CidrSet set = new CidrSet(cidr("10.244.0.0/16"), 24);
        List<String> handedOut = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            handedOut.add(set.allocateNext().orElseThrow().toString());
        }
        assertThat(handedOut).startsWith("10.244.0.0/24", "10.244.1.0/24").endsWith("10.244.255.0/24");
        assertThat(handedOut).doesNotHaveDuplicates();
        assertThat(set.allocateNext()).isEmpty();
    }

    @Test
    void aReleasedSubnetComesBackOnlyAfterTheOthersWereTried() {
        CidrSet set = new CidrSet(cidr("10.244.0.0/22"), 24);
        Ipv4Cidr first = set.allocateNext().orElseThrow();
        set.allocateNext().orElseThrow();
        set.release(first);

        assertThat(set.allocateNext()).contains(cidr("10.244.2.0/24"));
        assertThat(set.allocateNext()).contains(cidr("10.244.3.0/24"));
        assertThat(set.allocateNext()).contains(first);
        assertThat(set.allocateNext()).isEmpty();
    }

    @Test
    void occupiedSubnetsAreSkippedAndWideCidrsOccupyEverySubnetTheyCover() {
        CidrSet set = new CidrSet(cidr("10.244.0.0/22"), 24);
        set.occupy(cidr("10.244.0.0/24"));
        set.occupy(cidr("10.244.2.0/23"));

        assertThat(set.usedCount()).isEqualTo(3);
        assertThat(set.isUsed(cidr("10.244.3.0/24"))).isTrue();
        assertThat(set.allocateNext()).contains(cidr("10.244.1.0/24"));
        assertThat(set.allocateNext()).isEmpty();
    }

    @Test
    void refusesSubnetsOutsideTheClusterAndImpossibleMasks() {
        CidrSet set = new CidrSet(cidr("10.244.0.0/16"), 24);
        assertThatThrownBy(() -> set.occupy(cidr("10.0.0.0/24"))).hasMessageContaining("not inside");
        assertThatThrownBy(() -> new CidrSet(cidr("10.244.0.0/16"), 8)).hasMessageContaining("must lie between");
        assertThatThrownBy(() -> new CidrSet(cidr("10.0.0.0/8"), 25)).hasMessageContaining("more than 2^16");
    }
}
