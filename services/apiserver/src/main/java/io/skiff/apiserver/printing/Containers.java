package io.skiff.apiserver.printing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The CONTAINERS and IMAGES cells of workloads (layoutContainerCells): each list comma-joined on one
 * line, in template order.
 */
record Containers(String names, String images) {

    static Containers of(JsonNode podSpec) {
        List<JsonNode> containers = Fields.list(podSpec, "containers");
        return new Containers(join(containers, "name"), join(containers, "image"));
    }

    private static String join(List<JsonNode> containers, String field) {
        return containers.stream()
                .map(container -> Fields.text(container, field))
                .collect(Collectors.joining(","));
    }
}
