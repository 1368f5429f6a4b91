package io.skiff.kubelet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CNI calling convention, checked against plugins that record how they were called. */
class CniPluginsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Records its environment and stdin, then answers ADD with a result naming itself and the
     * address it was given; "broken" fails with an error result.
     */
    private static final String RECORDING_PLUGIN = """
            #!/bin/sh
            calls="$(dirname "$0")/calls"
            mkdir -p "$calls"
            n=$(ls "$calls" | grep -c json)
            call="$calls/$(printf %03d "$n")-$(basename "$0")-$CNI_COMMAND"
            cat > "$call.json"
            env | grep '^CNI_' | sort > "$call.env"
            if [ "$(basename "$0")" = broken ]; then
              echo '{"cniVersion":"1.0.0","code":11,"msg":"failed to allocate","details":"range is full"}'
              exit 1
            fi
            if [ "$CNI_COMMAND" = ADD ]; then
              echo "{\\"cniVersion\\":\\"1.0.0\\",\\"interfaces\\":[{\\"name\\":\\"eth0\\",\\"sandbox\\":\\"$CNI_NETNS\\"}],\\"ips\\":[{\\"interface\\":0,\\"address\\":\\"10.0.0.$n/24\\"}],\\"by\\":\\"$(basename "$0")\\"}"
            fi
            """;

    @TempDir
    Path plugins;

    private CniPlugins cni;

    @BeforeEach
    void installPlugins() throws IOException {
        for (String name : List.of("first", "second", "broken")) {
            Path plugin = plugins.resolve(name);
            Files.writeString(plugin, RECORDING_PLUGIN);
            Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        cni = new CniPlugins(List.of(plugins.resolve("missing"), plugins), null, Duration.ofSeconds(10), JSON);
    }

    private static NetworkConfigList chain(String... types) {
        ObjectNode list = JSON.createObjectNode();
        list.put("cniVersion", "1.0.0");
        list.put("name", "testnet");
        for (String type : types) {
            ObjectNode plugin = list.withArray("plugins").addObject();
            plugin.put("type", type);
            if (type.equals("second")) {
                plugin.putObject("capabilities").put("portMappings", true);
            }
        }
        return new NetworkConfigList(list);
    }

    private static CniPlugins.Attachment attachment() {
        return new CniPlugins.Attachment(
                "sandbox1",
                "/run/netns/skiff-sandbox1",
                "eth0",
                Map.of("K8S_POD_NAME", "web-0"),
                Map.of(
                        "portMappings",
                        List.of(new HostPortMapping(8080, 80, "tcp", null)),
                        "bandwidth",
                        Map.of("ingressRate", 1)));
    }

    @Test
    void addRunsTheChainInOrderHandingEachPluginThePreviousResult() throws IOException {
        CniResult result = cni.add(chain("first", "second"), attachment());

        assertThat(result.json().path("by").asText()).isEqualTo("second");
        assertThat(result.sandboxAddresses()).containsExactly("10.0.0.1");
        List<Path> calls = calls(".json");
        assertThat(calls)
                .extracting(p -> p.getFileName().toString())
                .containsExactly("000-first-ADD.json", "001-second-ADD.json");

        JsonNode first = JSON.readTree(calls.get(0).toFile());
        assertThat(first.path("name").asText()).isEqualTo("testnet");
        assertThat(first.path("cniVersion").asText()).isEqualTo("1.0.0");
        assertThat(first.has("prevResult")).isFalse();
        assertThat(first.has("runtimeConfig"))
                .as("first declares no capability")
                .isFalse();

        JsonNode second = JSON.readTree(calls.get(1).toFile());
        assertThat(second.path("prevResult").path("by").asText()).isEqualTo("first");
        assertThat(second.path("runtimeConfig").toString())
                .as("only the capabilities the plugin declares")
                .isEqualTo("{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"}]}");
    }

    @Test
    void theContainerIsDescribedInTheEnvironment() throws IOException {
        cni.add(chain("first"), attachment());

        assertThat(Files.readAllLines(calls(".env").get(0)))
                .containsExactly(
                        "CNI_ARGS=K8S_POD_NAME=web-0",
                        "CNI_COMMAND=ADD",
                        "CNI_CONTAINERID=sandbox1",
                        "CNI_IFNAME=eth0",
                        "CNI_NETNS=/run/netns/skiff-sandbox1",
                        "CNI_PATH=" + plugins.resolve("missing") + ":" + plugins);
    }

    @Test
    void delRunsTheChainInReverseWithTheCachedResult() throws IOException {
        CniResult added = cni.add(chain("first", "second"), attachment());

        cni.delete(chain("first", "second"), attachment(), added);

        List<Path> calls = calls(".json");
        assertThat(calls)
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "000-first-ADD.json", "001-second-ADD.json", "002-second-DEL.json", "003-first-DEL.json");
        assertThat(JSON.readTree(calls.get(3).toFile())
                        .path("prevResult")
                        .path("by")
                        .asText())
                .isEqualTo("second");
    }

    @Test
    void checkHandsEveryPluginTheCachedResultInOrder() throws IOException {
        CniResult added = cni.add(chain("first", "second"), attachment());

        cni.check(chain("first", "second"), attachment(), added);

        List<Path> calls = calls(".json");
        assertThat(calls)
                .extracting(p -> p.getFileName().toString())
                .endsWith("002-first-CHECK.json", "003-second-CHECK.json");
        assertThat(JSON.readTree(calls.get(2).toFile())
                        .path("prevResult")
                        .path("by")
                        .asText())
                .isEqualTo("second");
    }

    @Test
    void anErrorResultBecomesTheExceptionsMessage() {
        assertThatThrownBy(() -> cni.add(chain("first", "broken"), attachment()))
                .isInstanceOf(CniException.class)
                .hasMessage("plugin type=\"broken\" name=\"testnet\" failed (add): failed to allocate; range is full")
                .extracting(e -> ((CniException) e).code())
                .isEqualTo(11);
    }

    @Test
    void aMissingPluginIsNamed() {
        assertThatThrownBy(() -> cni.add(chain("nope"), attachment()))
                .isInstanceOf(CniException.class)
                .hasMessageStartingWith("failed to find plugin \"nope\" in path");
    }

    private List<Path> calls(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(plugins.resolve("calls"))) {
            return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
