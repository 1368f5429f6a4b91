package io.skiff.dns.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamsTest {

    @Test
    void addressesWithAndWithoutPorts() {
        List<InetSocketAddress> upstreams =
                Upstreams.parse(List.of("192.168.1.1", "127.0.0.1:5353", "[fd00::2]:54", "fd00::3"));
        assertThat(upstreams)
                .extracting(a -> a.getAddress().getHostAddress() + " " + a.getPort())
                .containsExactly("192.168.1.1 53", "127.0.0.1 5353", "fd00:0:0:0:0:0:0:2 54", "fd00:0:0:0:0:0:0:3 53");
    }

    @Test
    void namesAndBadPortsAreRefused() {
        assertThatThrownBy(() -> Upstreams.parse(List.of("dns.google"))).hasMessageContaining("expected an IP address");
        assertThatThrownBy(() -> Upstreams.parse(List.of("127.0.0.1:0"))).hasMessageContaining("127.0.0.1:0");
        assertThatThrownBy(() -> Upstreams.parse(List.of("127.0.0.1:x"))).hasMessageContaining("127.0.0.1:x");
    }
}
