package io.skiff.ingress.routing;

/**
 * How a rule's path matches a request path (networking.k8s.io/v1 HTTPIngressPath.pathType).
 * ImplementationSpecific is served as {@link #PREFIX}, as several controllers do.
 */
public enum PathType {
    /** The whole path, case-sensitively. */
    EXACT,
    /** Element-wise: {@code /foo} matches {@code /foo}, {@code /foo/} and {@code /foo/bar}, not {@code /foobar}. */
    PREFIX;

    /** The type named by an Ingress ("Exact", "Prefix", "ImplementationSpecific"); empty when unknown. */
    public static java.util.Optional<PathType> of(String name) {
        if ("Exact".equals(name)) {
            return java.util.Optional.of(EXACT);
        }
        if ("Prefix".equals(name) || "ImplementationSpecific".equals(name)) {
            return java.util.Optional.of(PREFIX);
        }
        return java.util.Optional.empty();
    }
}
