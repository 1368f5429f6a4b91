package io.skiff.proxy.iptables;

import static io.skiff.proxy.testing.Objects.service;
import static io.skiff.proxy.testing.Objects.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.model.net.Ipv4Cidr;
import io.skiff.proxy.servicemap.ServiceChangeTracker;
import io.skiff.proxy.sync.SyncObserver;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IptablesProxierTest {

    private final ServiceChangeTracker tracker = new ServiceChangeTracker(Clock.systemUTC());
    private final NatTable nat = new NatTable();
    private final IptablesProxier proxier = new IptablesProxier(
            tracker,
            new IptablesRules(Ipv4Cidr.parse("10.0.0.0/8"), false, "node1", null, true),
            nat,
            SyncObserver.NONE,
            () -> true,
            () -> {},
            snapshot -> {});

    @Test
    void onlyTheFirstSyncReadsTheNatTableBack() {
        tracker.serviceUpdated(service("ns", "a", "172.30.0.1", "http", 80).build());
        tracker.sliceUpdated(slice("ns", "a", "a-1", "http", 80, "10.180.0.1").build());
        assertThat(proxier.sync()).isTrue();

        tracker.sliceUpdated(slice("ns", "a", "a-1", "http", 80, "10.180.0.2").build());
        assertThat(proxier.sync()).isTrue();
        assertThat(proxier.sync()).isTrue();

        assertThat(nat.saves).isEqualTo(1);
        assertThat(nat.restores).hasSize(3);
    }

    @Test
    void aPartialSyncDeletesTheChainsOfAnEndpointThatWentWithoutReadingTheTable() {
        tracker.serviceUpdated(service("ns", "a", "172.30.0.1", "http", 80).build());
        tracker.sliceUpdated(
                slice("ns", "a", "a-1", "http", 80, "10.180.0.1", "10.180.0.2").build());
        proxier.sync();
        Set<String> before = new HashSet<>(nat.chains);

        tracker.sliceUpdated(slice("ns", "a", "a-1", "http", 80, "10.180.0.1").build());
        proxier.sync();

        Set<String> gone = new HashSet<>(before);
        gone.removeAll(nat.chains);
        assertThat(gone).singleElement().satisfies(chain -> assertThat(chain).startsWith("KUBE-SEP-"));
        assertThat(nat.saves).isEqualTo(1);
    }

    @Test
    void afterAFailedRestoreTheNextSyncReadsTheTableAgain() {
        tracker.serviceUpdated(service("ns", "a", "172.30.0.1", "http", 80).build());
        proxier.sync();
        nat.failNext = true;
        tracker.sliceUpdated(slice("ns", "a", "a-1", "http", 80, "10.180.0.1").build());

        assertThat(proxier.sync()).isFalse();
        assertThat(proxier.sync()).isTrue();

        assertThat(nat.saves).isEqualTo(2);
    }

    /** The nat table's chain names, as iptables-restore --noflush would leave them. */
    private static final class NatTable implements Iptables {
        final Set<String> chains = new HashSet<>();
        final List<String> restores = new ArrayList<>();
        int saves;
        boolean failNext;

        @Override
        public void ensureJumps() {}

        @Override
        public Set<String> natChains() {
            saves++;
            return Set.copyOf(chains);
        }

        @Override
        public void restore(String input) {
            if (failNext) {
                failNext = false;
                throw new RestoreFailedException("iptables-restore: line 3 failed", null);
            }
            restores.add(input);
            String nat = input.substring(input.indexOf("*nat\n"));
            for (String line : nat.split("\n")) {
                if (line.startsWith(":")) {
                    chains.add(line.substring(1, line.indexOf(' ')));
                } else if (line.startsWith("-X ")) {
                    chains.remove(line.substring(3).trim());
                }
            }
        }
    }
}
