package io.skiff.apiserver.flowcontrol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.registry.ObjectRegistry;
import io.skiff.model.api.ApiException;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Makes the stored FlowSchemas and PriorityLevelConfigurations those of the configuration the
 * filter runs, at start, as kube-apiserver's APF bootstrap does: a missing object is created; a
 * mandatory one (exempt, catch-all) gets its spec back whatever was done to it; a suggested one
 * gets its spec back unless annotated {@code apf.kubernetes.io/autoupdate-spec: "false"}. Each
 * FlowSchema's status carries the Dangling condition (whether its priority level exists). Several
 * API servers may do this at once; a conflict means another one did it.
 */
public final class ConfigurationReconciler {

    private static final Logger log = LoggerFactory.getLogger(ConfigurationReconciler.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String GROUP = "flowcontrol.apiserver.k8s.io";

    private final ObjectRegistry registry;
    private final ResourceType flowSchemas;
    private final ResourceType priorityLevels;
    private final Clock clock;

    public ConfigurationReconciler(ObjectRegistry registry, ResourceCatalog catalog, Clock clock) {
        this.registry = registry;
        this.flowSchemas = catalog.byPlural(GROUP, "v1", "flowschemas").orElseThrow();
        this.priorityLevels =
                catalog.byPlural(GROUP, "v1", "prioritylevelconfigurations").orElseThrow();
        this.clock = clock;
    }

    public void ensure() {
        for (PriorityLevel level : PriorityLevel.defaults()) {
            ensure(
                    priorityLevels,
                    ConfigurationObjects.priorityLevel(level),
                    PriorityLevel.MANDATORY.contains(level.name()));
        }
        Set<String> levels =
                PriorityLevel.defaults().stream().map(PriorityLevel::name).collect(Collectors.toSet());
        for (FlowSchema schema : DefaultFlowSchemas.all()) {
            boolean mandatory = DefaultFlowSchemas.MANDATORY.contains(schema.name());
            ensure(flowSchemas, ConfigurationObjects.flowSchema(schema), mandatory)
                    .ifPresent(stored -> ensureDanglingCondition(stored, levels.contains(schema.priorityLevel())));
        }
    }

    /** The object as stored afterwards; empty when another API server wrote it meanwhile. */
    private Optional<ObjectNode> ensure(ResourceType type, ObjectNode wanted, boolean mandatory) {
        String name = wanted.path("metadata").path("name").asText();
        Optional<ObjectNode> existing = get(type, name);
        if (existing.isEmpty()) {
            log.debug("Creating {} {}", type.kind(), name);
            return ignoreConflict(registry.create(type, null, wanted, null, false));
        }
        ObjectNode current = existing.get();
        String autoupdate = current.path("metadata")
                .path("annotations")
                .path(ConfigurationObjects.AUTOUPDATE_SPEC)
                .asText(null);
        if (!mandatory && "false".equals(autoupdate)) {
            return existing;
        }
        if (current.path("spec").equals(wanted.path("spec")) && "true".equals(autoupdate)) {
            return existing;
        }
        ObjectNode updated = current.deepCopy();
        updated.set("spec", wanted.get("spec"));
        ObjectNode metadata = (ObjectNode) updated.get("metadata");
        ObjectNode annotations =
                metadata.has("annotations") && metadata.get("annotations").isObject()
                        ? (ObjectNode) metadata.get("annotations")
                        : metadata.putObject("annotations");
        annotations.put(ConfigurationObjects.AUTOUPDATE_SPEC, "true");
        log.info("Reconciling {} {}", type.kind(), name);
        return ignoreConflict(registry.update(type, "", name, updated, false, null, false));
    }

    /** Sets the FlowSchema's Dangling condition unless it already says the right thing. */
    private void ensureDanglingCondition(ObjectNode schema, boolean levelExists) {
        String wantedStatus = levelExists ? "False" : "True";
        ArrayNode conditions = KubeJson.mapper().createArrayNode();
        for (JsonNode condition : schema.path("status").path("conditions")) {
            if (condition.path("type").asText().equals("Dangling")) {
                if (condition.path("status").asText().equals(wantedStatus)) {
                    return;
                }
            } else {
                conditions.add(condition);
            }
        }
        String name = schema.path("metadata").path("name").asText();
        String level = schema.path("spec")
                .path("priorityLevelConfiguration")
                .path("name")
                .asText();
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        conditions.add(ConfigurationObjects.danglingCondition(level, levelExists, now));
        ObjectNode withStatus = schema.deepCopy();
        withStatus.putObject("status").set("conditions", conditions);
        ((ObjectNode) withStatus.get("metadata")).remove("resourceVersion");
        ignoreConflict(registry.update(flowSchemas, "", name, withStatus, true, null, false));
    }

    private Optional<ObjectNode> get(ResourceType type, String name) {
        return registry.get(type, "", name)
                .map(ConfigurationReconciler::parse)
                .onErrorResume(ApiException.class, e -> e.code() == 404 ? Mono.empty() : Mono.error(e))
                .blockOptional(TIMEOUT);
    }

    /** 409: another API server wrote it at the same time. */
    private static Optional<ObjectNode> ignoreConflict(Mono<byte[]> write) {
        return write.map(ConfigurationReconciler::parse)
                .onErrorResume(ApiException.class, e -> e.code() == 409 ? Mono.empty() : Mono.error(e))
                .blockOptional(TIMEOUT);
    }

    private static ObjectNode parse(byte[] json) {
        try {
            return (ObjectNode) KubeJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
