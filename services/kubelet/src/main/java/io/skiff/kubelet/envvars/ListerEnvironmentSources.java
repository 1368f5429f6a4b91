package io.skiff.kubelet.envvars;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.skiff.component.informer.Lister;
import io.skiff.model.selector.LabelSelector;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The environment's sources: the pods' objects as the kubelet reads them, Services and the Node from informer caches. */
public final class ListerEnvironmentSources implements EnvironmentSources {

    private final BiFunction<String, String, Optional<ConfigMap>> configMaps;
    private final BiFunction<String, String, Optional<Secret>> secrets;
    private final Lister<Service> services;
    private final BooleanSupplier servicesSynced;
    private final Supplier<Optional<Node>> node;

    /**
     * @param configMaps a ConfigMap by namespace and name (the kubelet's per-object watches; a
     *     lister's get in tests); may throw {@link SourceUnavailableException}
     * @param secrets a Secret by namespace and name, likewise
     * @param servicesSynced whether the Service informer has synced
     * @param node the kubelet's own Node, empty until it is registered
     */
    public ListerEnvironmentSources(
            BiFunction<String, String, Optional<ConfigMap>> configMaps,
            BiFunction<String, String, Optional<Secret>> secrets,
            Lister<Service> services,
            BooleanSupplier servicesSynced,
            Supplier<Optional<Node>> node) {
        this.configMaps = configMaps;
        this.secrets = secrets;
        this.services = services;
        this.servicesSynced = servicesSynced;
        this.node = node;
    }

    @Override
    public Optional<ConfigMap> configMap(String namespace, String name) {
        return configMaps.apply(namespace, name);
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return secrets.apply(namespace, name);
    }

    @Override
    public List<Service> services(String namespace) {
        return services.list(namespace, LabelSelector.everything());
    }

    @Override
    public boolean servicesSynced() {
        return servicesSynced.getAsBoolean();
    }

    @Override
    public Map<String, Quantity> nodeAllocatable() {
        return node.get()
                .map(n -> n.getStatus() == null ? null : n.getStatus().getAllocatable())
                .map(Map::copyOf)
                .orElse(Map.of());
    }
}
