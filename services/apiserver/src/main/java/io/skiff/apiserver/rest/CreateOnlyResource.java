package io.skiff.apiserver.rest;

import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * A resource that only answers {@code create} and stores nothing, as kube-apiserver's reviews do
 * (TokenReview, SubjectAccessReview, ...): the handler fills in the posted object's status. One
 * registration gives both its POST route and its discovery entry (verbs [create]), so a new such
 * resource needs no discovery code of its own.
 *
 * @param type how discovery describes it
 * @param create the handler of {@code POST} on its collection path
 */
public record CreateOnlyResource(ResourceType type, HandlerFunction<ServerResponse> create) {

    private static final List<String> CREATE = List.of("create");

    /** A cluster-scoped create-only resource at version v1. */
    public static CreateOnlyResource clusterScoped(
            String group, String kind, String plural, HandlerFunction<ServerResponse> create) {
        return new CreateOnlyResource(type(group, kind, plural, false), create);
    }

    /** A namespaced create-only resource at version v1, posted under /namespaces/{namespace}. */
    public static CreateOnlyResource namespaced(
            String group, String kind, String plural, HandlerFunction<ServerResponse> create) {
        return new CreateOnlyResource(type(group, kind, plural, true), create);
    }

    /** The route's path pattern; a namespaced one binds the path variable "namespace". */
    public String path() {
        String collection = type.namespaced() ? "/namespaces/{namespace}/" + type.plural() : "/" + type.plural();
        return type.groupVersionPath() + collection;
    }

    /** Any other method on the path, answered as kube-apiserver does where only POST is routed. */
    public static Mono<ServerResponse> methodNotAllowed(ServerRequest request) {
        return ErrorResponses.respond(Statuses.failure(
                405, "MethodNotAllowed", "the server does not allow this method on the requested resource", null));
    }

    private static ResourceType type(String group, String kind, String plural, boolean namespaced) {
        return new ResourceType(
                group,
                "v1",
                kind,
                plural,
                kind.toLowerCase(Locale.ROOT),
                List.of(),
                namespaced,
                CREATE,
                List.of(),
                List.of(),
                Set.of());
    }
}
