package io.skiff.apiserver.openapi;

/** How kube-apiserver spells groups and kinds in operation IDs, tags and descriptions. */
final class ApiNames {

    private static final String K8S_IO = ".k8s.io";

    private ApiNames() {}

    /** The group as operation IDs spell it: "" is Core, "rbac.authorization.k8s.io" RbacAuthorization. */
    static String groupName(String group) {
        if (group.isEmpty()) {
            return "Core";
        }
        String trimmed = group.endsWith(K8S_IO) ? group.substring(0, group.length() - K8S_IO.length()) : group;
        StringBuilder name = new StringBuilder();
        for (String part : trimmed.split("[.-]")) {
            name.append(capitalize(part));
        }
        return name.toString();
    }

    /** The tag of a group-version's operations: "core_v1", "rbacAuthorization_v1". */
    static String tag(String group, String version) {
        String name = groupName(group);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1) + "_" + version;
    }

    static GroupVersionKind groupVersionKind(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        return slash < 0
                ? new GroupVersionKind("", apiVersion, kind)
                : new GroupVersionKind(apiVersion.substring(0, slash), apiVersion.substring(slash + 1), kind);
    }

    static String capitalize(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    static String article(String word) {
        return "AEIOU".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }
}
