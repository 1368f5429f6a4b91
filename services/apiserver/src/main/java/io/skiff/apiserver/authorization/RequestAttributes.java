package io.skiff.apiserver.authorization;

import io.skiff.apiserver.authentication.UserInfo;
import io.skiff.apiserver.rest.RequestInfo;
import java.util.Locale;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * What an authorizer decides on, as Kubernetes' authorizer.Attributes: who asks to do what to
 * which resource (a resource request) or path (a non-resource request such as {@code /version}).
 *
 * @param apiGroup "" for the core group; empty for non-resource requests
 * @param namespace "" for cluster-scoped resources and all-namespace lists
 * @param name "" for collections
 * @param path the request path, for non-resource requests
 */
public record RequestAttributes(
        UserInfo user,
        String verb,
        boolean resourceRequest,
        String apiGroup,
        String apiVersion,
        String resource,
        String subresource,
        String namespace,
        String name,
        String path) {

    private static final String ATTRIBUTE = RequestAttributes.class.getName();

    public RequestAttributes {
        apiGroup = orEmpty(apiGroup);
        apiVersion = orEmpty(apiVersion);
        resource = orEmpty(resource);
        subresource = orEmpty(subresource);
        namespace = orEmpty(namespace);
        name = orEmpty(name);
        path = orEmpty(path);
    }

    public static RequestAttributes resource(
            UserInfo user,
            String verb,
            String apiGroup,
            String resource,
            String subresource,
            String namespace,
            String name) {
        return new RequestAttributes(user, verb, true, apiGroup, "", resource, subresource, namespace, name, "");
    }

    public static RequestAttributes nonResource(UserInfo user, String verb, String path) {
        return new RequestAttributes(user, verb, false, "", "", "", "", "", "", path);
    }

    /**
     * The attributes of an HTTP request, as kube-apiserver's RequestInfoFactory and
     * GetAuthorizerAttributes make them: GET on a collection is {@code list} (or {@code watch}),
     * DELETE on one {@code deletecollection}, a field selector {@code metadata.name=x} names the
     * object of such a list or watch (not of a legacy {@code /watch/} path); paths outside {@code /api/v1/...} and {@code /apis/g/v/...} are
     * non-resource requests whose verb is the lower-cased method.
     */
    public static RequestAttributes of(
            UserInfo user, String method, String path, String watchParameter, String fieldSelector) {
        return of(user, method, path, RequestInfo.parse(path), watchParameter, fieldSelector);
    }

    /**
     * The attributes of the exchange's request as its authenticated user makes it, made once and
     * kept in the exchange's attributes (priority and fairness classifies by them, authorization
     * decides on them).
     */
    public static RequestAttributes of(ServerWebExchange exchange, UserInfo user) {
        Object known = exchange.getAttribute(ATTRIBUTE);
        if (known instanceof RequestAttributes attributes && attributes.user() == user) {
            return attributes;
        }
        ServerHttpRequest request = exchange.getRequest();
        RequestAttributes attributes = of(
                user,
                request.getMethod().name(),
                request.getPath().value(),
                RequestInfo.of(exchange),
                request.getQueryParams().getFirst("watch"),
                request.getQueryParams().getFirst("fieldSelector"));
        exchange.getAttributes().put(ATTRIBUTE, attributes);
        return attributes;
    }

    private static RequestAttributes of(
            UserInfo user, String method, String path, RequestInfo info, String watchParameter, String fieldSelector) {
        if (info == null || info.resource() == null) {
            return nonResource(user, method.toLowerCase(Locale.ROOT), path);
        }
        String verb = switch (method) {
            case "POST" -> "create";
            case "GET", "HEAD" -> "get";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> "";
        };
        String name = info.name();
        if (info.watchPath()) {
            verb = "watch";
        } else if (name == null && verb.equals("get")) {
            // A GET on a collection is a list or a watch, and names the one object its field
            // selector pins (a legacy /watch/ path does not), so that RBAC's resourceNames and the
            // node authorizer allow list/watch by name exactly as they allow a get of that name.
            verb = RequestInfo.isWatch(info, watchParameter) ? "watch" : "list";
            name = exactName(fieldSelector);
        }
        if (name == null && verb.equals("delete")) {
            verb = "deletecollection";
        }
        // Kubernetes' subresource is the one path segment after the name (pods/x/proxy/more: proxy).
        String subresource = info.subresource();
        if (subresource != null && subresource.contains("/")) {
            subresource = subresource.substring(0, subresource.indexOf('/'));
        }
        return new RequestAttributes(
                user,
                verb,
                true,
                info.group(),
                info.version(),
                info.resource(),
                subresource,
                info.namespace(),
                name,
                path);
    }

    /** The name a field selector pins with {@code metadata.name=x} (or {@code ==}), as RequiresExactMatch. */
    static String exactName(String fieldSelector) {
        if (fieldSelector == null || fieldSelector.isEmpty()) {
            return null;
        }
        for (String term : fieldSelector.split(",")) {
            String t = term.trim();
            for (String op : new String[] {"==", "="}) {
                String prefix = "metadata.name" + op;
                if (t.startsWith(prefix)) {
                    String value = t.substring(prefix.length());
                    // Only a valid path segment name, as path.IsValidPathSegmentName.
                    return value.isEmpty()
                                    || value.startsWith("=")
                                    || value.contains("/")
                                    || value.contains("%")
                                    || value.equals(".")
                                    || value.equals("..")
                            ? null
                            : value;
                }
            }
        }
        return null;
    }

    /** {@code resource/subresource}, or the resource alone. */
    public String resourceWithSubresource() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
