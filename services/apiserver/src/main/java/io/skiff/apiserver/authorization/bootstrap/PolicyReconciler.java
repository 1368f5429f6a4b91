package io.skiff.apiserver.authorization.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.authorization.bootstrap.BootstrapPolicy.ClusterRole;
import io.skiff.apiserver.authorization.bootstrap.BootstrapPolicy.ClusterRoleBinding;
import io.skiff.apiserver.authorization.rbac.PolicyRule;
import io.skiff.apiserver.authorization.rbac.RuleCoverage;
import io.skiff.apiserver.authorization.rbac.Subject;
import io.skiff.apiserver.registry.DeleteOptions;
import io.skiff.apiserver.registry.ObjectRegistry;
import io.skiff.model.api.ApiException;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creates the default RBAC policy at start and reconciles it as kube-apiserver's
 * rbac/bootstrap-roles hook does: a missing role or binding is created; an existing one whose
 * {@code rbac.authorization.kubernetes.io/autoupdate} annotation is not {@code "false"} gets the
 * labels, annotations, rules (or aggregation selectors) and subjects it lacks, keeping what was
 * added to it. Roles and bindings the default policy no longer has ({@link
 * BootstrapPolicy#RETIRED}) are deleted while they still carry its label and allow updates.
 */
public final class PolicyReconciler {

    public static final String AUTOUPDATE = "rbac.authorization.kubernetes.io/autoupdate";
    public static final String BOOTSTRAPPING = "kubernetes.io/bootstrapping";

    private static final Logger log = LoggerFactory.getLogger(PolicyReconciler.class);

    private final ObjectRegistry registry;
    private final ResourceType namespaces;
    private final ResourceType clusterRoles;
    private final ResourceType clusterRoleBindings;
    private final ResourceType roles;
    private final ResourceType roleBindings;

    public PolicyReconciler(ObjectRegistry registry, ResourceCatalog catalog) {
        this.registry = registry;
        this.namespaces = catalog.byPlural("", "v1", "namespaces").orElseThrow();
        this.clusterRoles = rbac(catalog, "clusterroles");
        this.clusterRoleBindings = rbac(catalog, "clusterrolebindings");
        this.roles = rbac(catalog, "roles");
        this.roleBindings = rbac(catalog, "rolebindings");
    }

    private static ResourceType rbac(ResourceCatalog catalog, String plural) {
        return catalog.byPlural("rbac.authorization.k8s.io", "v1", plural).orElseThrow();
    }

    public void ensure() {
        List<ObjectNode> wanted = new ArrayList<>();
        BootstrapPolicy.clusterRoles().forEach(role -> wanted.add(toJson(role)));
        Flux.fromIterable(wanted)
                .concatMap(role -> reconcile(clusterRoles, role))
                .thenMany(Flux.fromIterable(BootstrapPolicy.clusterRoleBindings())
                        .concatMap(binding -> reconcile(clusterRoleBindings, toJson(binding))))
                .thenMany(Flux.fromIterable(BootstrapPolicy.RETIRED)
                        .concatMap(name -> retire(clusterRoleBindings, name).then(retire(clusterRoles, name))))
                .thenMany(Flux.fromIterable(NamespacePolicy.namespaces()).concatMap(this::ensureNamespace))
                .thenMany(Flux.fromIterable(NamespacePolicy.roles()).concatMap(role -> reconcile(roles, toJson(role))))
                .thenMany(Flux.fromIterable(NamespacePolicy.roleBindings())
                        .concatMap(binding -> reconcile(roleBindings, toJson(binding))))
                .then()
                .block(Duration.ofSeconds(60));
    }

    /**
     * Creates a namespace the policy needs if it is missing, as kube-apiserver's reconciliation
     * does, so the policy does not depend on which start-up task makes the system namespaces first.
     */
    private Mono<Void> ensureNamespace(String name) {
        ObjectNode namespace = KubeJson.mapper().createObjectNode();
        namespace.put("apiVersion", "v1").put("kind", "Namespace");
        namespace.putObject("metadata").put("name", name);
        return registry.get(namespaces, "", name)
                .then()
                .onErrorResume(
                        ApiException.class,
                        e -> e.code() == 404
                                ? registry.create(namespaces, null, namespace, null, false)
                                        .then()
                                : Mono.error(e))
                .onErrorResume(ApiException.class, e -> e.code() == 409 ? Mono.empty() : Mono.error(e));
    }

    private Mono<Void> reconcile(ResourceType type, ObjectNode expected) {
        String namespace = expected.path("metadata").path("namespace").asText("");
        String name = expected.path("metadata").path("name").asText();
        return registry.get(type, namespace, name)
                .flatMap(json -> update(type, expected, parse(json)))
                .onErrorResume(ApiException.class, e -> e.code() == 404 ? create(type, expected) : Mono.error(e))
                .onErrorResume(ApiException.class, e -> {
                    // 409: another API server reconciled it at the same time.
                    if (e.code() == 409) {
                        return Mono.empty();
                    }
                    return Mono.error(e);
                });
    }

    /** Deletes a retired role or binding if it is still the default policy's own. */
    private Mono<Void> retire(ResourceType type, String name) {
        return registry.get(type, "", name)
                .filter(json -> retirable(parse(json)))
                .flatMap(json -> {
                    log.info("Deleting {} {}, no longer part of the default policy", type.kind(), name);
                    return registry.delete(type, "", name, DeleteOptions.defaults());
                })
                .onErrorResume(ApiException.class, e -> e.code() == 404 ? Mono.empty() : Mono.error(e))
                .then();
    }

    /**
     * Whether a role or binding is as the default policy made it: labelled {@code
     * kubernetes.io/bootstrapping=rbac-defaults} and not opted out of updates ({@code autoupdate:
     * "false"}), so that a cluster's own object of that name is left alone.
     */
    static boolean retirable(ObjectNode existing) {
        JsonNode metadata = existing.path("metadata");
        return "rbac-defaults"
                        .equals(metadata.path("labels").path(BOOTSTRAPPING).asText(null))
                && !"false".equals(metadata.path("annotations").path(AUTOUPDATE).asText(null));
    }

    private Mono<Void> create(ResourceType type, ObjectNode expected) {
        String namespace = expected.path("metadata").path("namespace").asText(null);
        return registry.create(type, namespace, expected.deepCopy(), null, false)
                .doOnNext(created -> log.debug(
                        "Created {} {}",
                        type.kind(),
                        expected.path("metadata").path("name").asText()))
                .then();
    }

    private Mono<Void> update(ResourceType type, ObjectNode expected, ObjectNode existing) {
        if ("false"
                .equals(existing.path("metadata")
                        .path("annotations")
                        .path(AUTOUPDATE)
                        .asText(null))) {
            return Mono.empty();
        }
        ObjectNode reconciled = reconciled(expected, existing);
        if (reconciled.equals(existing)) {
            return Mono.empty();
        }
        String namespace = existing.path("metadata").path("namespace").asText("");
        String name = existing.path("metadata").path("name").asText();
        log.info("Reconciling {} {}", type.kind(), namespace.isEmpty() ? name : namespace + "/" + name);
        return registry.update(type, namespace, name, reconciled, false, null, false)
                .then();
    }

    /** The existing object with what the expected one has and it lacks added. */
    static ObjectNode reconciled(ObjectNode expected, ObjectNode existing) {
        ObjectNode result = existing.deepCopy();
        ObjectNode metadata = (ObjectNode) result.get("metadata");
        for (String field : List.of("labels", "annotations")) {
            JsonNode wanted = expected.path("metadata").path(field);
            ObjectNode have = metadata.has(field) && metadata.get(field).isObject()
                    ? (ObjectNode) metadata.get(field)
                    : metadata.putObject(field);
            wanted.fields().forEachRemaining(e -> {
                if (!have.has(e.getKey())) {
                    have.set(e.getKey(), e.getValue());
                }
            });
        }
        if (expected.has("roleRef")) {
            ArrayNode subjects =
                    result.has("subjects") && result.get("subjects").isArray()
                            ? (ArrayNode) result.get("subjects")
                            : result.putArray("subjects");
            for (JsonNode subject : expected.path("subjects")) {
                if (!contains(subjects, subject)) {
                    subjects.add(subject);
                }
            }
            if (subjects.isEmpty()) {
                result.remove("subjects");
            }
            return result;
        }
        JsonNode wantedAggregation = expected.get("aggregationRule");
        if (wantedAggregation != null) {
            ArrayNode selectors = result.has("aggregationRule")
                    ? (ArrayNode) result.withObject("/aggregationRule").withArray("clusterRoleSelectors")
                    : result.putObject("aggregationRule").putArray("clusterRoleSelectors");
            for (JsonNode selector : wantedAggregation.path("clusterRoleSelectors")) {
                if (!contains(selectors, selector)) {
                    selectors.add(selector);
                }
            }
        }
        if (wantedAggregation == null || !existing.has("aggregationRule")) {
            List<PolicyRule> missing = RuleCoverage.uncovered(
                    PolicyRule.listFrom(existing.path("rules")), PolicyRule.listFrom(expected.path("rules")));
            if (!missing.isEmpty()) {
                ArrayNode rules = result.has("rules") && result.get("rules").isArray()
                        ? (ArrayNode) result.get("rules")
                        : result.putArray("rules");
                missing.forEach(rule -> rules.add(rule.toJson()));
            }
        }
        return result;
    }

    private static boolean contains(ArrayNode array, JsonNode value) {
        for (JsonNode element : array) {
            if (element.equals(value)) {
                return true;
            }
        }
        return false;
    }

    static ObjectNode toJson(ClusterRole role) {
        ObjectNode json = object("ClusterRole", role.name(), role.labels());
        if (role.aggregateFrom() != null) {
            json.putObject("aggregationRule")
                    .putArray("clusterRoleSelectors")
                    .addObject()
                    .putObject("matchLabels")
                    .put(role.aggregateFrom(), "true");
        }
        ArrayNode rules = json.putArray("rules");
        role.rules().forEach(rule -> rules.add(rule.toJson()));
        return json;
    }

    static ObjectNode toJson(ClusterRoleBinding binding) {
        ObjectNode json = object("ClusterRoleBinding", binding.name(), Map.of());
        putRoleRefAndSubjects(json, "ClusterRole", binding.role(), binding.subjects());
        return json;
    }

    static ObjectNode toJson(NamespacePolicy.Role role) {
        ObjectNode json = object("Role", role.name(), Map.of());
        ((ObjectNode) json.get("metadata")).put("namespace", role.namespace());
        ArrayNode rules = json.putArray("rules");
        role.rules().forEach(rule -> rules.add(rule.toJson()));
        return json;
    }

    static ObjectNode toJson(NamespacePolicy.RoleBinding binding) {
        ObjectNode json = object("RoleBinding", binding.name(), Map.of());
        ((ObjectNode) json.get("metadata")).put("namespace", binding.namespace());
        putRoleRefAndSubjects(json, "Role", binding.role(), binding.subjects());
        return json;
    }

    private static void putRoleRefAndSubjects(ObjectNode json, String roleKind, String role, List<Subject> subjects) {
        json.putObject("roleRef")
                .put("apiGroup", "rbac.authorization.k8s.io")
                .put("kind", roleKind)
                .put("name", role);
        if (!subjects.isEmpty()) {
            ArrayNode subjectsJson = json.putArray("subjects");
            for (Subject subject : subjects) {
                ObjectNode s = subjectsJson.addObject().put("kind", subject.kind());
                if (!subject.kind().equals("ServiceAccount")) {
                    s.put("apiGroup", "rbac.authorization.k8s.io");
                }
                s.put("name", subject.name());
                if (!subject.namespace().isEmpty()) {
                    s.put("namespace", subject.namespace());
                }
            }
        }
    }

    private static ObjectNode object(String kind, String name, Map<String, String> extraLabels) {
        ObjectNode json = KubeJson.mapper().createObjectNode();
        json.put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", kind);
        ObjectNode metadata = json.putObject("metadata").put("name", name);
        Map<String, String> labels = new TreeMap<>(extraLabels);
        labels.put(BOOTSTRAPPING, "rbac-defaults");
        ObjectNode labelsJson = metadata.putObject("labels");
        labels.forEach(labelsJson::put);
        metadata.putObject("annotations").put(AUTOUPDATE, "true");
        return json;
    }

    private static ObjectNode parse(byte[] json) {
        try {
            return (ObjectNode) KubeJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
