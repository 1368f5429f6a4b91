package io.skiff.scheduler.cache;

import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Node names grouped by zone, listed round-robin across zones (Kubernetes' nodeTree), so that when
 * the scheduler stops after finding enough feasible nodes, those nodes still span the zones.
 */
final class NodeTree {

    private static final String REGION = "topology.kubernetes.io/region";
    private static final String ZONE = "topology.kubernetes.io/zone";
    private static final String LEGACY_REGION = "failure-domain.beta.kubernetes.io/region";
    private static final String LEGACY_ZONE = "failure-domain.beta.kubernetes.io/zone";

    private final Map<String, List<String>> nodesByZone = new HashMap<>();
    private final List<String> zones = new ArrayList<>();
    private int numNodes;

    void add(Node node) {
        String zone = zoneKey(node);
        String name = node.getMetadata().getName();
        List<String> names = nodesByZone.get(zone);
        if (names == null) {
            names = new ArrayList<>();
            nodesByZone.put(zone, names);
            zones.add(zone);
        } else if (names.contains(name)) {
            return;
        }
        names.add(name);
        numNodes++;
    }

    void remove(Node node) {
        String zone = zoneKey(node);
        List<String> names = nodesByZone.get(zone);
        if (names == null || !names.remove(node.getMetadata().getName())) {
            return;
        }
        numNodes--;
        if (names.isEmpty()) {
            nodesByZone.remove(zone);
            zones.remove(zone);
        }
    }

    void update(Node oldNode, Node newNode) {
        if (oldNode != null && zoneKey(oldNode).equals(zoneKey(newNode))) {
            return;
        }
        if (oldNode != null) {
            remove(oldNode);
        }
        add(newNode);
    }

    int size() {
        return numNodes;
    }

    /** Every node: the first of each zone, then the second of each, and so on. */
    List<String> list() {
        List<String> names = new ArrayList<>(numNodes);
        for (int index = 0; names.size() < numNodes; index++) {
            for (String zone : zones) {
                List<String> inZone = nodesByZone.get(zone);
                if (index < inZone.size()) {
                    names.add(inZone.get(index));
                }
            }
        }
        return names;
    }

    /** Region and zone, from the current or the legacy labels; "" when the node has neither. */
    static String zoneKey(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        if (labels == null) {
            return "";
        }
        String region = labels.getOrDefault(REGION, labels.getOrDefault(LEGACY_REGION, ""));
        String zone = labels.getOrDefault(ZONE, labels.getOrDefault(LEGACY_ZONE, ""));
        return region.isEmpty() && zone.isEmpty() ? "" : region + ":\u0000:" + zone;
    }
}
