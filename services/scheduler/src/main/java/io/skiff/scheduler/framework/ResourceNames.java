package io.skiff.scheduler.framework;

/**
 * Resource names and their kinds, as k8s.io/kubernetes/pkg/apis/core/v1/helper and the
 * scheduler's util classify them: cpu, memory, ephemeral-storage and pods are first-class; extended
 * resources ({@code example.com/gpu}), hugepages and attachable volumes are "scalar" resources.
 */
public final class ResourceNames {

    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    public static final String PODS = "pods";

    private static final String DEFAULT_NAMESPACE_PREFIX = "kubernetes.io/";
    private static final String HUGEPAGES_PREFIX = "hugepages-";
    private static final String ATTACHABLE_VOLUMES_PREFIX = "attachable-volumes-";
    private static final String REQUESTS_PREFIX = "requests.";

    private ResourceNames() {}

    /** Whether the resource is tracked in {@link Resource#scalarResources()} rather than a field of its own. */
    public static boolean isScalar(String name) {
        return isExtended(name) || isHugePages(name) || isPrefixedNative(name) || isAttachableVolumes(name);
    }

    /**
     * An extended resource: outside the kubernetes.io domain, not a quota name, and a qualified
     * name with a domain, e.g. {@code example.com/gpu}.
     */
    public static boolean isExtended(String name) {
        if (isNative(name) || name.startsWith(REQUESTS_PREFIX)) {
            return false;
        }
        return isQualifiedName(REQUESTS_PREFIX + name);
    }

    public static boolean isHugePages(String name) {
        return name.startsWith(HUGEPAGES_PREFIX);
    }

    public static boolean isAttachableVolumes(String name) {
        return name.startsWith(ATTACHABLE_VOLUMES_PREFIX);
    }

    /** A native resource: unprefixed (cpu) or in the kubernetes.io domain. */
    public static boolean isNative(String name) {
        return !name.contains("/") || isPrefixedNative(name);
    }

    public static boolean isPrefixedNative(String name) {
        return name.contains("/") && name.contains(DEFAULT_NAMESPACE_PREFIX);
    }

    /** apimachinery's IsQualifiedName: optional DNS-subdomain prefix and "/", then a 63-character name. */
    private static boolean isQualifiedName(String value) {
        String[] parts = value.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            if (parts[0].isEmpty()
                    || parts[0].length() > 253
                    || !parts[0].matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")) {
                return false;
            }
            name = parts[1];
        } else {
            return false;
        }
        return !name.isEmpty() && name.length() <= 63 && name.matches("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    }
}
