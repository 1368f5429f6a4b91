package io.skiff.apiserver.authorization.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.watch.ObjectReads;
import io.skiff.apiserver.watch.WatchCache;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The RBAC objects of the watch cache as an {@link RbacPolicy}, rebuilt only when one of the four
 * RBAC resources changed since the last build, so an authorization check reads memory and parses
 * nothing (as Kubernetes' RBAC authorizer reads its informers' indexes).
 */
public final class RbacPolicySource {

    static final String GROUP = "rbac.authorization.k8s.io";

    private final WatchCache cache;
    private final ResourceType clusterRoles;
    private final ResourceType roles;
    private final ResourceType clusterRoleBindings;
    private final ResourceType roleBindings;
    private volatile Built built = new Built(Long.MIN_VALUE, RbacPolicy.empty());

    private record Built(long revision, RbacPolicy policy) {}

    public RbacPolicySource(WatchCache cache, ResourceCatalog catalog) {
        this.cache = cache;
        this.clusterRoles = catalog.byPlural(GROUP, "v1", "clusterroles").orElseThrow();
        this.roles = catalog.byPlural(GROUP, "v1", "roles").orElseThrow();
        this.clusterRoleBindings =
                catalog.byPlural(GROUP, "v1", "clusterrolebindings").orElseThrow();
        this.roleBindings = catalog.byPlural(GROUP, "v1", "rolebindings").orElseThrow();
    }

    public RbacPolicy current() {
        long revision = Math.max(
                Math.max(cache.lastChange(clusterRoles), cache.lastChange(roles)),
                Math.max(cache.lastChange(clusterRoleBindings), cache.lastChange(roleBindings)));
        Built now = built;
        if (now.revision() == revision) {
            return now.policy();
        }
        synchronized (this) {
            if (built.revision() != revision) {
                built = new Built(revision, build());
            }
            return built.policy();
        }
    }

    private RbacPolicy build() {
        Map<String, List<PolicyRule>> clusterRoleRules = new HashMap<>();
        for (JsonNode role : list(clusterRoles)) {
            clusterRoleRules.put(role.path("metadata").path("name").asText(), PolicyRule.listFrom(role.path("rules")));
        }
        Map<String, List<PolicyRule>> roleRules = new HashMap<>();
        for (JsonNode role : list(roles)) {
            JsonNode metadata = role.path("metadata");
            roleRules.put(
                    metadata.path("namespace").asText() + "/"
                            + metadata.path("name").asText(),
                    PolicyRule.listFrom(role.path("rules")));
        }
        List<Binding> clusterBindings = new ArrayList<>();
        list(clusterRoleBindings).forEach(b -> clusterBindings.add(Binding.from(b)));
        List<Binding> namespacedBindings = new ArrayList<>();
        list(roleBindings).forEach(b -> namespacedBindings.add(Binding.from(b)));
        return new RbacPolicy(clusterRoleRules, roleRules, clusterBindings, namespacedBindings);
    }

    private List<JsonNode> list(ResourceType type) {
        return List.copyOf(ObjectReads.cachedList(cache, type, null));
    }
}
