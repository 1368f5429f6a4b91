package io.skiff.model.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The resource types the API serves, looked up the ways requests and objects name them. */
public final class ResourceCatalog {

    private final List<ResourceType> types;
    private final Map<String, ResourceType> byPath = new LinkedHashMap<>();
    private final Map<String, ResourceType> byKind = new LinkedHashMap<>();
    private final Map<String, ResourceType> byGroupResource = new LinkedHashMap<>();

    public ResourceCatalog(Collection<ResourceType> types) {
        this.types = List.copyOf(types);
        for (ResourceType type : this.types) {
            byPath.put(type.apiVersion() + "/" + type.plural(), type);
            byKind.put(type.apiVersion() + "/" + type.kind(), type);
            byGroupResource.putIfAbsent(type.groupResource(), type);
        }
    }

    /** Every type Skiff serves out of the box. */
    public static ResourceCatalog builtin() {
        return new ResourceCatalog(BuiltinResources.all());
    }

    public List<ResourceType> all() {
        return types;
    }

    /** By group, version and plural, as a REST path names it. */
    public Optional<ResourceType> byPlural(String group, String version, String plural) {
        String apiVersion = group.isEmpty() ? version : group + "/" + version;
        return Optional.ofNullable(byPath.get(apiVersion + "/" + plural));
    }

    /** By apiVersion and kind, as an object names itself. */
    public Optional<ResourceType> byKind(String apiVersion, String kind) {
        return Optional.ofNullable(byKind.get(apiVersion + "/" + kind));
    }

    /** By group-resource string ("pods", "deployments.apps"), as storage keys name it. */
    public Optional<ResourceType> byGroupResource(String groupResource) {
        return Optional.ofNullable(byGroupResource.get(groupResource));
    }

    /** The API groups in discovery order, each with its versions in preference order; "" is core. */
    public Map<String, List<String>> groupVersions() {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (ResourceType type : types) {
            List<String> versions = result.computeIfAbsent(type.group(), g -> new ArrayList<>());
            if (!versions.contains(type.version())) {
                versions.add(type.version());
            }
        }
        return result;
    }

    /** The types of one group-version, in catalog order. */
    public List<ResourceType> inGroupVersion(String group, String version) {
        return types.stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version))
                .toList();
    }
}
