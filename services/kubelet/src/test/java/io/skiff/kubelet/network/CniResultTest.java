package io.skiff.kubelet.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CniResultTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What Debian's bridge plugin (1.1.1) printed for an ADD. */
    private static final String BRIDGE_RESULT = """
            {
                "cniVersion": "1.0.0",
                "interfaces": [
                    {"name": "skiff0", "mac": "d2:29:82:62:3a:12"},
                    {"name": "veth89ebafcc", "mac": "96:75:51:cd:22:6f"},
                    {"name": "eth0", "mac": "e2:ca:93:2c:8a:ec", "sandbox": "/run/netns/skiff-1"}
                ],
                "ips": [{"interface": 2, "address": "10.244.250.2/24", "gateway": "10.244.250.1"}],
                "routes": [{"dst": "0.0.0.0/0"}],
                "dns": {}
            }
            """;

    private static CniResult parse(String json) throws IOException {
        return new CniResult((ObjectNode) JSON.readTree(json));
    }

    @Test
    void readsInterfacesAndAddresses() throws IOException {
        CniResult result = parse(BRIDGE_RESULT);

        assertThat(result.cniVersion()).isEqualTo("1.0.0");
        assertThat(result.interfaces())
                .extracting(CniResult.Interface::name)
                .containsExactly("skiff0", "veth89ebafcc", "eth0");
        assertThat(result.ips()).containsExactly(new CniResult.IpConfig(2, "10.244.250.2/24", "10.244.250.1"));
        assertThat(result.sandboxAddresses()).containsExactly("10.244.250.2");
    }

    @Test
    void addressesOnHostInterfacesAreNotThePods() throws IOException {
        CniResult result = parse("""
                {"cniVersion":"1.0.0",
                 "interfaces":[{"name":"cni0"},{"name":"eth0","sandbox":"/run/netns/x"}],
                 "ips":[{"interface":0,"address":"10.1.0.1/24"},
                        {"interface":1,"address":"fd00::5/64"},
                        {"interface":1,"address":"10.1.0.5/24"}]}
                """);

        assertThat(result.sandboxAddresses())
                .as("IPv4 first, as the primary pod IP")
                .containsExactly("10.1.0.5", "fd00::5");
    }

    @Test
    void anAttachmentSurvivesAJsonRoundTrip() throws IOException {
        CniResult result = parse(BRIDGE_RESULT);
        PodNetworkAttachment attachment = new PodNetworkAttachment(
                "sb1",
                "/run/netns/skiff-sb1",
                Map.of("K8S_POD_NAME", "web-0"),
                List.of(new HostPortMapping(8080, 80, "tcp", null)),
                new BridgeNetwork("skiff", "skiff0", false, java.nio.file.Path.of("/ipam"))
                        .configFor("10.244.250.0/24", JSON),
                BridgeNetwork.loopback(JSON),
                result);

        PodNetworkAttachment read = JSON.readValue(JSON.writeValueAsBytes(attachment), PodNetworkAttachment.class);

        assertThat(read).isEqualTo(attachment);
        assertThat(read.podIps()).containsExactly("10.244.250.2");
    }
}
