package io.skiff.apiserver.openapi;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names fabric8 model classes as Kubernetes' OpenAPI names the Go types they mirror: the Go package
 * path reversed into dots, then the type name ({@code io.k8s.api.apps.v1.Deployment}).
 *
 * <p>fabric8 keeps one Java package per API group ({@code ...model.apps}, {@code
 * ...model.batch.v1}); the group's Go package is {@code io.k8s.api.<group>.<version>}, v1 when the
 * Java package carries no version. The core package also holds apimachinery's meta/v1 types, which
 * only their names tell apart.
 */
final class DefinitionNames {

    static final String META_V1 = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    static final String TIME = META_V1 + "Time";
    static final String MICRO_TIME = META_V1 + "MicroTime";
    static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    static final String RAW_EXTENSION = "io.k8s.apimachinery.pkg.runtime.RawExtension";

    private static final String FABRIC8_MODEL = "io.fabric8.kubernetes.api.model";
    private static final Pattern VERSION = Pattern.compile("v\\d+((alpha|beta)\\d+)?");

    /** The meta/v1 types fabric8 keeps in its core package. */
    private static final Set<String> META_TYPES = Set.of(
            "APIGroup",
            "APIGroupList",
            "APIResource",
            "APIResourceList",
            "APIVersions",
            "Condition",
            "CreateOptions",
            "DeleteOptions",
            "Duration",
            "FieldSelectorRequirement",
            "FieldsV1",
            "GetOptions",
            "GroupVersionForDiscovery",
            "LabelSelector",
            "LabelSelectorRequirement",
            "ListMeta",
            "ListOptions",
            "ManagedFieldsEntry",
            "MicroTime",
            "ObjectMeta",
            "OwnerReference",
            "Patch",
            "PatchOptions",
            "Preconditions",
            "RootPaths",
            "ServerAddressByClientCIDR",
            "Status",
            "StatusCause",
            "StatusDetails",
            "TypeMeta",
            "UpdateOptions",
            "WatchEvent");

    private DefinitionNames() {}

    static String of(Class<?> type) {
        String pkg = type.getPackageName();
        String name = type.getSimpleName();
        if (pkg.equals(FABRIC8_MODEL)) {
            return (META_TYPES.contains(name) ? META_V1 : "io.k8s.api.core.v1.") + name;
        }
        if (!pkg.startsWith(FABRIC8_MODEL + ".")) {
            throw new IllegalArgumentException("not a fabric8 Kubernetes model class: " + type.getName());
        }
        String subPackage = pkg.substring(FABRIC8_MODEL.length() + 1);
        return switch (subPackage) {
            case "runtime" -> "io.k8s.apimachinery.pkg.runtime." + name;
            case "version" -> "io.k8s.apimachinery.pkg.version." + name;
            default -> groupPackage(subPackage) + "." + name;
        };
    }

    private static String groupPackage(String subPackage) {
        String[] segments = subPackage.split("\\.");
        String last = segments[segments.length - 1];
        boolean versioned = VERSION.matcher(last).matches();
        String group = versioned ? subPackage.substring(0, subPackage.length() - last.length() - 1) : subPackage;
        String version = versioned ? last : "v1";
        if (group.equals("apiextensions")) {
            return "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions." + version;
        }
        return "io.k8s.api." + group + "." + version;
    }
}
