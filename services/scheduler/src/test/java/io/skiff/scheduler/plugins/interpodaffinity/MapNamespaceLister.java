package io.skiff.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link NamespaceLister} over a fixed set of namespaces, as an informer cache would hold them. */
final class MapNamespaceLister implements NamespaceLister {

    /** The namespaces of Kubernetes' interpodaffinity tests: two teams, two subteams each. */
    static final MapNamespaceLister TEAMS = new MapNamespaceLister()
            .with("subteam1.team1", Map.of("team", "team1"))
            .with("subteam2.team1", Map.of("team", "team1"))
            .with("subteam1.team2", Map.of("team", "team2"))
            .with("subteam2.team2", Map.of("team", "team2"));

    private final Map<String, Namespace> namespaces = new LinkedHashMap<>();

    MapNamespaceLister with(String name, Map<String, String> labels) {
        namespaces.put(
                name,
                new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(labels)
                        .endMetadata()
                        .build());
        return this;
    }

    @Override
    public Optional<Namespace> get(String name) {
        return Optional.ofNullable(namespaces.get(name));
    }

    @Override
    public List<Namespace> list() {
        return new ArrayList<>(namespaces.values());
    }
}
