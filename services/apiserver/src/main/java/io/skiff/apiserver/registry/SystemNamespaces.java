package io.skiff.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.api.ApiException;
import io.skiff.model.json.KubeJson;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes sure the namespaces every Kubernetes cluster has exist, as kube-apiserver's system
 * namespaces controller does. Several API servers may race to create them; AlreadyExists is fine.
 */
public final class SystemNamespaces {

    public static final List<String> NAMES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    private static final Logger log = LoggerFactory.getLogger(SystemNamespaces.class);

    private final ObjectRegistry registry;

    public SystemNamespaces(ObjectRegistry registry) {
        this.registry = registry;
    }

    public void ensure() {
        Flux.fromIterable(NAMES).concatMap(this::ensure).then().block(Duration.ofSeconds(30));
    }

    private Mono<Void> ensure(String name) {
        ObjectNode namespace = KubeJson.mapper().createObjectNode();
        namespace.put("apiVersion", "v1").put("kind", "Namespace");
        namespace.putObject("metadata").put("name", name);
        return registry.create(NamespaceLifecycle.NAMESPACES, null, namespace, null, false)
                .doOnNext(created -> log.info("Created system namespace {}", name))
                .onErrorResume(ApiException.class, e -> e.code() == 409 ? Mono.empty() : Mono.error(e))
                .then();
    }
}
