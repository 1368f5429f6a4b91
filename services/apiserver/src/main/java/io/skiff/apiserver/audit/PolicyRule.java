package io.skiff.apiserver.audit;

import java.util.List;
import java.util.Set;

/**
 * One rule of an audit Policy; an empty list places no restriction. Matching follows Kubernetes'
 * policy checker: users by name, userGroups by any group, verbs; namespaces and resources only
 * match resource requests, nonResourceURLs only other paths.
 *
 * @param omitManagedFields null to follow the policy's setting
 */
public record PolicyRule(
        AuditLevel level,
        List<String> users,
        List<String> userGroups,
        List<String> verbs,
        List<GroupResources> resources,
        List<String> namespaces,
        List<String> nonResourceURLs,
        Set<AuditStage> omitStages,
        Boolean omitManagedFields) {

    /**
     * @param group "" for the core group
     * @param resources plural names, "resource/subresource", "*", "*&#47;subresource" or "resource/*"
     * @param resourceNames object names; empty for any
     */
    public record GroupResources(String group, List<String> resources, List<String> resourceNames) {}

    public boolean matches(AuditAttributes request) {
        if (!users.isEmpty() && !users.contains(request.user().name())) {
            return false;
        }
        if (!userGroups.isEmpty() && request.user().groups().stream().noneMatch(userGroups::contains)) {
            return false;
        }
        return matchesRequest(request);
    }

    /** Whether the rule names users or groups, so that only the user tells whether it matches. */
    boolean dependsOnUser() {
        return !users.isEmpty() || !userGroups.isEmpty();
    }

    /** Whether everything but the user matches. */
    boolean matchesRequest(AuditAttributes request) {
        if (!verbs.isEmpty() && !verbs.contains(request.verb())) {
            return false;
        }
        if (!namespaces.isEmpty() || !resources.isEmpty()) {
            return matchesResource(request);
        }
        if (!nonResourceURLs.isEmpty()) {
            return !request.resourceRequest()
                    && nonResourceURLs.stream().anyMatch(spec -> pathMatches(request.path(), spec));
        }
        return true;
    }

    private boolean matchesResource(AuditAttributes request) {
        if (!request.resourceRequest()) {
            return false;
        }
        // Cluster-scoped objects have the namespace "", which a rule can list.
        if (!namespaces.isEmpty() && !namespaces.contains(request.namespace())) {
            return false;
        }
        if (resources.isEmpty()) {
            return true;
        }
        String subresource = request.subresource();
        String combined = subresource.isEmpty() ? request.resource() : request.resource() + "/" + subresource;
        for (GroupResources group : resources) {
            if (!group.group().equals(request.apiGroup())) {
                continue;
            }
            if (group.resources().isEmpty()) {
                return true;
            }
            if (!group.resourceNames().isEmpty() && !group.resourceNames().contains(request.name())) {
                continue;
            }
            for (String resource : group.resources()) {
                if (resource.equals(combined) || resource.equals("*")) {
                    return true;
                }
                if (!subresource.isEmpty()
                        && resource.startsWith("*/")
                        && resource.substring(2).equals(subresource)) {
                    return true;
                }
                if (resource.endsWith("/*")
                        && resource.substring(0, resource.length() - 2).equals(request.resource())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean pathMatches(String path, String spec) {
        if (spec.equals("*") || spec.equals(path)) {
            return true;
        }
        return spec.endsWith("*") && path.startsWith(spec.substring(0, spec.length() - 1));
    }
}
