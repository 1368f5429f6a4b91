package io.skiff.dns.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodePodNetworkGatewayTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "none",
            value = {
                "10.244.0.0/24, 10.244.0.1",
                "10.244.3.0/24, 10.244.3.1",
                "10.244.128.0/17, 10.244.128.1",
                "10.244.0.0/30, 10.244.0.1",
                "10.244.0.0/31, none",
                "10.244.0.5/32, none",
                "fd00:10:244::/64, none",
                "not-a-cidr, none",
                "none, none"
            })
    void theGatewayIsThePodCidrsFirstAddress(String podCidr, String gateway) {
        Optional<String> found = NodePodNetworkGateway.gatewayOf(podCidr).map(InetAddress::getHostAddress);

        assertThat(found).isEqualTo(Optional.ofNullable(gateway));
    }
}
