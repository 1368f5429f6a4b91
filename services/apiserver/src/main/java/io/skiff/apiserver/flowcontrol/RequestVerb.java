package io.skiff.apiserver.flowcontrol;

import io.skiff.apiserver.rest.RequestInfo;
import org.springframework.http.HttpMethod;

/** Kubernetes' request verb of an HTTP request, as its RequestInfoFactory derives it. */
final class RequestVerb {

    private RequestVerb() {}

    /** The verb; for a non-resource request ({@code info} null) the lower-case HTTP method. */
    static String of(HttpMethod method, RequestInfo info, String watchParameter) {
        String httpVerb = method.name().toLowerCase(java.util.Locale.ROOT);
        if (info == null || info.resource() == null) {
            return httpVerb;
        }
        boolean collection = info.name() == null;
        return switch (method.name()) {
            case "GET", "HEAD" -> RequestInfo.isWatch(info, watchParameter) ? "watch" : collection ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> collection ? "deletecollection" : "delete";
            default -> httpVerb;
        };
    }
}
