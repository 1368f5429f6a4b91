package io.skiff.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.api.ApiException;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes sure the built-in PriorityClasses exist, as kube-apiserver's
 * scheduling/bootstrap-system-priority-classes hook does: system-node-critical and
 * system-cluster-critical, which pods may name without anyone creating them. Existing ones are left
 * as they are; another API server creating them at the same time is fine.
 */
public final class SystemPriorityClasses {

    static final ResourceType PRIORITY_CLASSES = ResourceCatalog.builtin()
            .byPlural("scheduling.k8s.io", "v1", "priorityclasses")
            .orElseThrow();

    /** scheduling.SystemCriticalPriority. */
    static final int SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

    private record Builtin(String name, int value, String description) {}

    private static final List<Builtin> BUILTIN = List.of(
            new Builtin(
                    "system-node-critical",
                    SYSTEM_CRITICAL_PRIORITY + 1000,
                    "Used for system critical pods that must not be moved from their current node."),
            new Builtin(
                    "system-cluster-critical",
                    SYSTEM_CRITICAL_PRIORITY,
                    "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."));

    private static final Logger log = LoggerFactory.getLogger(SystemPriorityClasses.class);

    private final ObjectRegistry registry;

    public SystemPriorityClasses(ObjectRegistry registry) {
        this.registry = registry;
    }

    public void ensure() {
        Flux.fromIterable(BUILTIN).concatMap(this::ensure).then().block(Duration.ofSeconds(30));
    }

    private Mono<Void> ensure(Builtin builtin) {
        return registry.get(PRIORITY_CLASSES, "", builtin.name())
                .then()
                .onErrorResume(ApiException.class, e -> e.code() == 404 ? create(builtin) : Mono.error(e));
    }

    private Mono<Void> create(Builtin builtin) {
        ObjectNode priorityClass = KubeJson.mapper().createObjectNode();
        priorityClass.put("apiVersion", "scheduling.k8s.io/v1").put("kind", "PriorityClass");
        priorityClass.putObject("metadata").put("name", builtin.name());
        priorityClass.put("value", builtin.value());
        priorityClass.put("description", builtin.description());
        return registry.create(PRIORITY_CLASSES, null, priorityClass, null, false)
                .doOnNext(
                        created -> log.info("Created PriorityClass {} with value {}", builtin.name(), builtin.value()))
                .onErrorResume(ApiException.class, e -> e.code() == 409 ? Mono.empty() : Mono.error(e))
                .then();
    }
}
