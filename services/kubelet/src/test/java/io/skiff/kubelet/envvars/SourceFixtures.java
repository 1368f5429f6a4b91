package io.skiff.kubelet.envvars;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Informer caches loaded directly, behind the listers the kubelet reads. */
public final class SourceFixtures {

    public final CacheIndexer<ConfigMap> configMaps = new CacheIndexer<>();
    public final CacheIndexer<Secret> secrets = new CacheIndexer<>();
    public final CacheIndexer<Service> services = new CacheIndexer<>();
    private boolean servicesSynced = true;
    private String unavailable;
    private Node node;

    public SourceFixtures add(ConfigMap configMap) {
        configMaps.put(configMap);
        return this;
    }

    public SourceFixtures add(Secret secret) {
        secrets.put(secret);
        return this;
    }

    public SourceFixtures add(Service service) {
        services.put(service);
        return this;
    }

    /** ConfigMaps and Secrets cannot be read now: each read throws with {@code message}. */
    public SourceFixtures objectsUnavailable(String message) {
        unavailable = message;
        return this;
    }

    public SourceFixtures servicesUnsynced() {
        servicesSynced = false;
        return this;
    }

    public SourceFixtures allocatable(Map<String, String> allocatable) {
        Map<String, Quantity> quantities = new LinkedHashMap<>();
        allocatable.forEach((k, v) -> quantities.put(k, new Quantity(v)));
        node = new NodeBuilder()
                .withNewMetadata()
                .withName("node-name")
                .endMetadata()
                .withNewStatus()
                .withAllocatable(quantities)
                .endStatus()
                .build();
        return this;
    }

    public ListerEnvironmentSources sources() {
        return new ListerEnvironmentSources(
                (namespace, name) -> readable(new Lister<>(configMaps).get(namespace, name)),
                (namespace, name) -> readable(new Lister<>(secrets).get(namespace, name)),
                new Lister<>(services),
                () -> servicesSynced,
                () -> Optional.ofNullable(node));
    }

    private <T> Optional<T> readable(Optional<T> cached) {
        if (unavailable != null) {
            throw new SourceUnavailableException(unavailable);
        }
        return cached;
    }

    public static ConfigMap configMap(String namespace, String name, Map<String, String> data) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withData(data)
                .build();
    }

    /** A Secret with {@code data} given as text, stored base64-encoded as the API serves it. */
    public static Secret secret(String namespace, String name, Map<String, String> data) {
        Map<String, String> encoded = new LinkedHashMap<>();
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withData(encoded)
                .build();
    }

    /** Kubernetes' test buildService: one port. */
    public static Service service(String name, String namespace, String clusterIp, String protocol, int port) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withClusterIP(clusterIp)
                .addNewPort()
                .withProtocol(protocol)
                .withPort(port)
                .endPort()
                .endSpec()
                .build();
    }
}
