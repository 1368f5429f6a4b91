package io.skiff.apiserver.rest;

import org.springframework.web.server.ServerWebExchange;

/**
 * What a resource request addresses, parsed from its path as Kubernetes' RequestInfoFactory does.
 *
 * @param group "" for the core group (/api)
 * @param namespace null when the path names none
 * @param resource the plural, null for a group-version root
 * @param name null for collections
 * @param subresource null unless the path names one (status, scale, ...)
 * @param watchPath true for the legacy /watch/ path prefix
 */
public record RequestInfo(
        String group,
        String version,
        String namespace,
        String resource,
        String name,
        String subresource,
        boolean watchPath) {

    private static final String ATTRIBUTE = RequestInfo.class.getName();
    /** Stands for "parsed: not a resource request" in the exchange's attributes. */
    private static final RequestInfo NONE = new RequestInfo(null, null, null, null, null, null, false);

    /**
     * The exchange's RequestInfo, parsed from its path once and kept in its attributes: the
     * long-running check, priority and fairness, authorization, audit, metrics and the handler all
     * ask, as kube-apiserver's filters read the one RequestInfo its first filter puts in the
     * request's context. Null, as {@link #parse}, for paths that are not resource requests.
     */
    public static RequestInfo of(ServerWebExchange exchange) {
        Object known = exchange.getAttribute(ATTRIBUTE);
        if (known == null) {
            RequestInfo parsed = parse(exchange.getRequest().getPath().value());
            known = parsed == null ? NONE : parsed;
            exchange.getAttributes().put(ATTRIBUTE, known);
        }
        return known == NONE ? null : (RequestInfo) known;
    }

    /**
     * Parses {@code /api/v1/...} and {@code /apis/<group>/<version>/...}; returns null for paths that
     * are not resource requests (roots handled by discovery).
     */
    public static RequestInfo parse(String path) {
        String[] parts = split(path);
        int i;
        String group;
        if (parts.length >= 2 && parts[0].equals("api")) {
            group = "";
            i = 1;
        } else if (parts.length >= 3 && parts[0].equals("apis")) {
            group = parts[1];
            i = 2;
        } else {
            return null;
        }
        String version = parts[i++];
        boolean watch = false;
        if (i < parts.length && parts[i].equals("watch")) {
            watch = true;
            i++;
        }
        if (i >= parts.length) {
            return watch ? null : new RequestInfo(group, version, null, null, null, null, false);
        }
        String namespace = null;
        // /namespaces/{ns}/{resource}... addresses content; /namespaces/{name}[/status|/finalize] the namespace itself.
        if (parts[i].equals("namespaces")
                && parts.length - i >= 3
                && !isNamespaceSubresource(parts[i + 2], parts.length - i)) {
            namespace = parts[i + 1];
            i += 2;
        }
        String resource = parts[i++];
        String name = i < parts.length ? parts[i++] : null;
        String subresource = i < parts.length ? parts[i++] : null;
        if (i < parts.length) {
            return new RequestInfo(
                    group,
                    version,
                    namespace,
                    resource,
                    name,
                    subresource + "/" + String.join("/", java.util.Arrays.copyOfRange(parts, i, parts.length)),
                    watch);
        }
        if (group.isEmpty() && resource.equals("namespaces") && name != null && namespace == null) {
            namespace = name;
        }
        return new RequestInfo(group, version, namespace, resource, name, subresource, watch);
    }

    /**
     * Whether a GET is a watch: the legacy /watch/ path, or the watch parameter as Kubernetes reads
     * booleans ("true", "1", "True"). Everything that treats watches apart asks here.
     */
    public static boolean isWatch(RequestInfo info, String watchParameter) {
        return (info != null && info.watchPath()) || ListOptions.isTrue(watchParameter);
    }

    private static boolean isNamespaceSubresource(String segment, int remaining) {
        return remaining == 3 && (segment.equals("status") || segment.equals("finalize"));
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
    }
}
