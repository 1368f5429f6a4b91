package io.skiff.proxy.userspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Round robin, and ClientIP session affinity over it, on a settable clock. */
class RoundRobinTest {

    private static final InetSocketAddress ONE = new InetSocketAddress("10.244.0.11", 8080);
    private static final InetSocketAddress TWO = new InetSocketAddress("10.244.0.12", 8080);
    private static final InetSocketAddress THREE = new InetSocketAddress("10.244.0.13", 8080);

    private final AtomicLong now = new AtomicLong();
    private final RoundRobin endpoints = new RoundRobin(now::get);

    @Test
    void withoutAffinityEachConnectionTakesTheNextTurn() throws Exception {
        endpoints.update(List.of(ONE, TWO));
        InetAddress client = InetAddress.getByName("10.250.0.2");

        endpoints.reached(client, ONE);
        assertThat(endpoints.order(client)).containsExactly(ONE, TWO);
        assertThat(endpoints.order(client)).containsExactly(TWO, ONE);
    }

    @Test
    void aClientGoesBackToItsEndpointUntilTheTimeoutPasses() throws Exception {
        endpoints.update(List.of(ONE, TWO, THREE), 10);
        InetAddress client = InetAddress.getByName("10.250.0.2");
        InetAddress other = InetAddress.getByName("10.250.0.3");

        List<InetSocketAddress> first = endpoints.order(client);
        endpoints.reached(client, first.get(1));
        for (int i = 0; i < 5; i++) {
            now.addAndGet(TimeUnit.SECONDS.toNanos(9));
            InetSocketAddress again = endpoints.order(client).get(0);
            assertThat(again).isEqualTo(first.get(1));
            endpoints.reached(client, again);
        }
        assertThat(endpoints.order(other)).hasSize(3);

        now.addAndGet(TimeUnit.SECONDS.toNanos(11));
        endpoints.order(client);
        assertThat(endpoints.order(client).get(0))
                .as("after the timeout the client takes round-robin turns again")
                .isNotEqualTo(endpoints.order(client).get(0));
    }

    @Test
    void anEndpointThatWentAwayEndsItsAffinities() throws Exception {
        endpoints.update(List.of(ONE, TWO), 10800);
        InetAddress client = InetAddress.getByName("10.250.0.2");
        endpoints.reached(client, TWO);
        assertThat(endpoints.order(client)).containsExactly(TWO, ONE);

        endpoints.update(List.of(ONE, THREE), 10800);
        assertThat(endpoints.order(client)).containsExactlyInAnyOrder(ONE, THREE);
        endpoints.update(List.of(ONE, TWO, THREE), 10800);
        InetSocketAddress first = endpoints.order(client).get(0);
        assertThat(endpoints.order(client).get(0))
                .as("the old affinity is gone even though TWO came back")
                .isNotEqualTo(first);
    }
}
