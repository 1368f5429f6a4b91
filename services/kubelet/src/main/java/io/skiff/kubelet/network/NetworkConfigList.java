package io.skiff.kubelet.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A CNI network configuration list (a "conflist"): the network's name, the CNI version its
 * plugins speak and the plugins' configurations, run in order on ADD and in reverse on DEL.
 */
public record NetworkConfigList(ObjectNode json) {

    public NetworkConfigList {
        json = json.deepCopy();
        if (!json.path("name").isTextual() || !json.path("cniVersion").isTextual()) {
            throw new IllegalArgumentException("a network configuration list needs a name and a cniVersion");
        }
        if (!json.path("plugins").isArray() || json.path("plugins").isEmpty()) {
            throw new IllegalArgumentException("network " + json.path("name").asText() + " has no plugins");
        }
        for (JsonNode plugin : json.path("plugins")) {
            if (!plugin.path("type").isTextual()) {
                throw new IllegalArgumentException(
                        "a plugin of network " + json.path("name").asText() + " has no type");
            }
        }
    }

    @JsonCreator
    public static NetworkConfigList of(ObjectNode json) {
        return new NetworkConfigList(json);
    }

    @Override
    @JsonValue
    public ObjectNode json() {
        return json.deepCopy();
    }

    public String name() {
        return json.path("name").asText();
    }

    public String cniVersion() {
        return json.path("cniVersion").asText();
    }

    /** Each plugin's own configuration, in chain order. */
    public List<ObjectNode> plugins() {
        List<ObjectNode> plugins = new ArrayList<>();
        json.path("plugins").forEach(plugin -> plugins.add(((ObjectNode) plugin).deepCopy()));
        return plugins;
    }
}
