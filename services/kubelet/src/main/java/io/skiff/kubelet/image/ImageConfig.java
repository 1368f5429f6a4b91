package io.skiff.kubelet.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an image says about running it (the {@code config} object of its OCI or Docker image
 * configuration), for the runtime that builds a container from it.
 *
 * @param entrypoint empty when the image has none
 * @param cmd empty when the image has none
 * @param env "NAME=value" entries, in order
 * @param workingDir "" for the root directory
 * @param user "" for root; else "user", "uid", "user:group" or "uid:gid"
 * @param exposedPorts "80/tcp", "53/udp", ...
 * @param stopSignal "" for SIGTERM
 * @param labels the image's labels
 * @param volumes the paths the image declares as volumes
 */
public record ImageConfig(
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        String workingDir,
        String user,
        Set<String> exposedPorts,
        String stopSignal,
        Map<String, String> labels,
        Set<String> volumes) {

    public ImageConfig {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        exposedPorts = Set.copyOf(exposedPorts);
        labels = Map.copyOf(labels);
        volumes = Set.copyOf(volumes);
    }

    /** The run configuration in an image configuration document. */
    static ImageConfig from(JsonNode document) {
        JsonNode config = document.path("config");
        return new ImageConfig(
                strings(config.path("Entrypoint")),
                strings(config.path("Cmd")),
                strings(config.path("Env")),
                config.path("WorkingDir").asText(""),
                config.path("User").asText(""),
                keys(config.path("ExposedPorts")),
                config.path("StopSignal").asText(""),
                labels(config.path("Labels")),
                keys(config.path("Volumes")));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode value : array) {
            values.add(value.asText());
        }
        return values;
    }

    private static Set<String> keys(JsonNode object) {
        Set<String> keys = new LinkedHashSet<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static Map<String, String> labels(JsonNode object) {
        Map<String, String> labels = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            labels.put(field.getKey(), field.getValue().asText());
        }
        return labels;
    }
}
