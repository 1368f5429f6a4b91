package io.skiff.apiserver.rest;

import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What discovery lists: the catalog's stored kinds and the create-only resources served by
 * handlers of their own, with groups in kube-apiserver's order and each group-version's resources
 * alphabetical, as in an APIResourceList.
 */
final class DiscoveryCatalog {

    /**
     * The built-in groups by descending priority in kube-aggregator's table (pkg/controlplane's
     * apiVersionPriorities), which orders /apis. Groups not listed follow, in catalog order.
     */
    private static final List<String> GROUP_ORDER = List.of(
            "",
            "apiregistration.k8s.io",
            "apps",
            "events.k8s.io",
            "authentication.k8s.io",
            "authorization.k8s.io",
            "autoscaling",
            "batch",
            "certificates.k8s.io",
            "networking.k8s.io",
            "policy",
            "rbac.authorization.k8s.io",
            "storage.k8s.io",
            "admissionregistration.k8s.io",
            "scheduling.k8s.io",
            "coordination.k8s.io",
            "apiextensions.k8s.io",
            "node.k8s.io",
            "discovery.k8s.io",
            "flowcontrol.apiserver.k8s.io",
            "internal.apiserver.k8s.io",
            "resource.k8s.io",
            "storagemigration.k8s.io");

    private DiscoveryCatalog() {}

    static ResourceCatalog of(ResourceCatalog stored, List<CreateOnlyResource> createOnly) {
        Map<String, Map<String, List<ResourceType>>> byGroupVersion = new LinkedHashMap<>();
        List<ResourceType> all = new ArrayList<>(stored.all());
        createOnly.forEach(resource -> all.add(resource.type()));
        for (ResourceType type : all) {
            byGroupVersion
                    .computeIfAbsent(type.group(), g -> new LinkedHashMap<>())
                    .computeIfAbsent(type.version(), v -> new ArrayList<>())
                    .add(type);
        }
        List<String> groups = new ArrayList<>(byGroupVersion.keySet());
        groups.sort(Comparator.comparingInt(DiscoveryCatalog::rank));
        List<ResourceType> ordered = new ArrayList<>();
        for (String group : groups) {
            for (List<ResourceType> types : byGroupVersion.get(group).values()) {
                types.stream()
                        .sorted(Comparator.comparing(ResourceType::plural))
                        .forEach(ordered::add);
            }
        }
        return new ResourceCatalog(ordered);
    }

    private static int rank(String group) {
        int index = GROUP_ORDER.indexOf(group);
        return index < 0 ? GROUP_ORDER.size() : index;
    }
}
