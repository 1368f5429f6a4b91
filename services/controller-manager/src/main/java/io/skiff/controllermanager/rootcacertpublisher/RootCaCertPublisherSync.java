package io.skiff.controllermanager.rootcacertpublisher;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.Lister;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * One sync of one namespace (rootcacertpublisher's syncNamespace): a namespace that is not being
 * deleted has the ConfigMap {@value #CONFIG_MAP} holding the CA bundle under {@value #KEY} and the
 * description annotation; a missing one is created, one whose data or annotation was changed is set
 * back (other annotations and labels are kept).
 */
final class RootCaCertPublisherSync implements Reconciler<String> {

    static final String CONFIG_MAP = "kube-root-ca.crt";
    static final String KEY = "ca.crt";
    static final String DESCRIPTION_ANNOTATION = "kubernetes.io/description";
    static final String DESCRIPTION = "Contains a CA bundle that can be used to verify the kube-apiserver when using"
            + " internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is"
            + " guaranteed across distributions of Kubernetes clusters.";

    /** The writes the sync makes. */
    interface ConfigMaps {
        Mono<ConfigMap> create(ConfigMap configMap);

        Mono<ConfigMap> update(ConfigMap configMap);
    }

    private final Lister<Namespace> namespaces;
    private final Lister<ConfigMap> configMaps;
    private final ConfigMaps writes;
    private final String caBundle;
    private final Duration timeout;

    RootCaCertPublisherSync(
            Lister<Namespace> namespaces,
            Lister<ConfigMap> configMaps,
            ConfigMaps writes,
            String caBundle,
            Duration timeout) {
        this.namespaces = namespaces;
        this.configMaps = configMaps;
        this.writes = writes;
        this.caBundle = caBundle;
        this.timeout = timeout;
    }

    @Override
    public Result sync(String name) {
        Optional<Namespace> namespace = namespaces.get(name);
        if (namespace.isEmpty() || namespace.get().getMetadata().getDeletionTimestamp() != null) {
            return Result.done();
        }
        Map<String, String> data = Map.of(KEY, caBundle);
        Optional<ConfigMap> existing = configMaps.get(name, CONFIG_MAP);
        if (existing.isEmpty()) {
            ConfigMap wanted = new ConfigMapBuilder()
                    .withNewMetadata()
                    .withNamespace(name)
                    .withName(CONFIG_MAP)
                    .withAnnotations(Map.of(DESCRIPTION_ANNOTATION, DESCRIPTION))
                    .endMetadata()
                    .withData(data)
                    .build();
            return write(writes::create, wanted);
        }
        ConfigMap current = existing.get();
        Map<String, String> annotations = current.getMetadata().getAnnotations();
        if (data.equals(current.getData())
                && (current.getBinaryData() == null || current.getBinaryData().isEmpty())
                && annotations != null
                && DESCRIPTION.equals(annotations.get(DESCRIPTION_ANNOTATION))) {
            return Result.done();
        }
        ConfigMap corrected = new ConfigMapBuilder(current).build();
        corrected.setData(new HashMap<>(data));
        corrected.setBinaryData(null);
        Map<String, String> correctedAnnotations = annotations == null ? new HashMap<>() : new HashMap<>(annotations);
        correctedAnnotations.put(DESCRIPTION_ANNOTATION, DESCRIPTION);
        corrected.getMetadata().setAnnotations(correctedAnnotations);
        return write(writes::update, corrected);
    }

    private Result write(Function<ConfigMap, Mono<ConfigMap>> write, ConfigMap configMap) {
        try {
            write.apply(configMap).block(timeout);
        } catch (RuntimeException e) {
            // The namespace began terminating or went away meanwhile: nothing more belongs in it.
            // Anything else (a conflict, a ConfigMap the cache has not seen yet) is retried.
            if (ApiErrors.hasStatusCause(e, "NamespaceTerminating") || ApiErrors.isNotFound(e)) {
                return Result.done();
            }
            throw e;
        }
        return Result.done();
    }
}
