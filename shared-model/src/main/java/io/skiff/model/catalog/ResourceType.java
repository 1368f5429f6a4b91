package io.skiff.model.catalog;

import java.util.List;
import java.util.Set;

/**
 * One kind of object the API serves: where it lives in the REST tree and how clients name it.
 *
 * @param group API group, "" for the core group
 * @param version API version, e.g. "v1"
 * @param kind the object's kind, e.g. "Deployment"
 * @param plural the path segment, e.g. "deployments"
 * @param singular lower-case singular name, e.g. "deployment"
 * @param shortNames kubectl short names, e.g. ["deploy"]
 * @param namespaced whether objects live in a namespace
 * @param verbs the verbs served, as discovery lists them
 * @param categories discovery categories, e.g. ["all"]
 * @param subresources subresources served, e.g. ["status", "scale"]
 * @param fieldSelectors the field selector labels supported besides metadata.name and metadata.namespace
 */
public record ResourceType(
        String group,
        String version,
        String kind,
        String plural,
        String singular,
        List<String> shortNames,
        boolean namespaced,
        List<String> verbs,
        List<String> categories,
        List<String> subresources,
        Set<String> fieldSelectors) {

    public ResourceType {
        shortNames = List.copyOf(shortNames);
        verbs = List.copyOf(verbs);
        categories = List.copyOf(categories);
        subresources = List.copyOf(subresources);
        fieldSelectors = Set.copyOf(fieldSelectors);
    }

    /** "v1" for the core group, "group/version" otherwise. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The Kubernetes group-resource string: "pods", "deployments.apps". */
    public String groupResource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    public String listKind() {
        return kind + "List";
    }

    public boolean hasSubresource(String name) {
        return subresources.contains(name);
    }

    /** The REST path prefix of the group-version: "/api/v1" or "/apis/apps/v1". */
    public String groupVersionPath() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }
}
