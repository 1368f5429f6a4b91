package io.skiff.apiserver.rest;

import io.skiff.apiserver.openapi.OpenApiDocuments;
import io.skiff.model.api.Statuses;
import java.util.List;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * /openapi/v3 (index and one document per group-version, with its hash as ETag) and /openapi/v2
 * in JSON. kubectl's default strict validation and `kubectl explain` read these.
 */
public final class OpenApiHandler {

    private final OpenApiDocuments documents;

    public OpenApiHandler(OpenApiDocuments documents) {
        this.documents = documents;
        // Building every document takes about a second; do it now rather than on a client's first request.
        Schedulers.boundedElastic().schedule(documents::v3Index);
    }

    public Mono<ServerResponse> v3Index(ServerRequest request) {
        return Mono.fromCallable(documents::v3Index)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(body -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body));
    }

    public Mono<ServerResponse> v3(ServerRequest request) {
        String path = request.path().substring("/openapi/v3/".length());
        return Mono.fromCallable(() -> documents.v3GroupVersion(path))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(document -> {
                    if (document.isEmpty()) {
                        return ErrorResponses.respond(ResourceHandler.notFound());
                    }
                    Optional<String> hash = documents.v3Hash(path);
                    String etag = "\"" + hash.orElse("") + "\"";
                    if (hash.isPresent()
                            && request.headers().header("If-None-Match").contains(etag)) {
                        return ServerResponse.status(304).eTag(etag).build();
                    }
                    return ServerResponse.ok()
                            .contentType(MediaType.APPLICATION_JSON)
                            .eTag(etag)
                            .header(
                                    "Cache-Control",
                                    request.queryParam("hash").isPresent() ? "public, immutable" : "no-cache, private")
                            .bodyValue(document.get());
                });
    }

    /** JSON only: a client that accepts nothing but the protobuf form gets 406, which kubectl handles. */
    public Mono<ServerResponse> v2(ServerRequest request) {
        List<MediaType> accept = AcceptHeader.of(request);
        boolean json = request.headers().header("Accept").isEmpty()
                || accept.stream()
                        .anyMatch(t -> t.isWildcardType() || t.getSubtype().equals("json"));
        if (!json) {
            return ErrorResponses.respond(Statuses.notAcceptable("only application/json is supported for /openapi/v2"));
        }
        return Mono.fromCallable(documents::v2)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(body -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body));
    }
}
