package io.skiff.kubelet.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BridgeNetworkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bridgeWithHostLocalAddressesOnThePodCidrThenPortmap() {
        NetworkConfigList list = new BridgeNetwork("skiff", "skiff0", false, Path.of("/var/lib/skiff/cni/ipam"))
                .configFor("10.244.250.0/24", JSON);

        assertThat(list.json().toString())
                .isEqualTo("{\"cniVersion\":\"1.0.0\",\"name\":\"skiff\",\"plugins\":["
                        + "{\"type\":\"bridge\",\"bridge\":\"skiff0\",\"isGateway\":true,\"ipMasq\":false,"
                        + "\"hairpinMode\":true,\"ipam\":{\"type\":\"host-local\","
                        + "\"ranges\":[[{\"subnet\":\"10.244.250.0/24\"}]],\"routes\":[{\"dst\":\"0.0.0.0/0\"}],"
                        + "\"dataDir\":\"/var/lib/skiff/cni/ipam\"}},"
                        + "{\"type\":\"portmap\",\"capabilities\":{\"portMappings\":true}}]}");
    }

    @Test
    void anIpv6PodCidrGetsAnIpv6DefaultRoute() {
        NetworkConfigList list =
                new BridgeNetwork("skiff", "skiff0", true, Path.of("/ipam")).configFor("fd00:10::/64", JSON);

        assertThat(list.plugins().get(0).path("ipam").path("routes").toString()).isEqualTo("[{\"dst\":\"::/0\"}]");
        assertThat(list.plugins().get(0).path("ipMasq").asBoolean()).isTrue();
    }

    @Test
    void theLoopbackNetwork() {
        assertThat(BridgeNetwork.loopback(JSON).json().toString())
                .isEqualTo(
                        "{\"cniVersion\":\"1.0.0\",\"name\":\"cni-loopback\",\"plugins\":[{\"type\":\"loopback\"}]}");
    }
}
