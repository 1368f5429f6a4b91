package io.skiff.apiserver.rest;

import io.skiff.apiserver.openapi.OpenApiDocuments;
import io.skiff.model.api.Statuses;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * /openapi/v3 (index and one document per group-version, with its hash as ETag) and /openapi/v2
 * in JSON or protobuf. kubectl's default strict validation and `kubectl explain` read these.
 */
public final class OpenApiHandler {

    /** gnostic's OpenAPI v2 document, as kubectl asks for it. */
    private static final String PROTOBUF_V2 = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    /**
     * The same with a dot for the '@', which clients can parse: kube-apiserver answers with this
     * Content-Type whichever of the two was asked for (Go's mime parser, like Spring's, rejects '@').
     */
    private static final MediaType PROTOBUF_V2_DOTTED =
            MediaType.parseMediaType("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");

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

    /**
     * The Swagger 2.0 document, as JSON or in the protobuf form kubectl accepts (and nothing else:
     * it falls back to it for client-side validation of kinds OpenAPI v3 does not cover). Whichever
     * of the two the Accept header lists first wins; 406 when it lists neither.
     */
    public Mono<ServerResponse> v2(ServerRequest request) {
        Optional<Boolean> protobuf = prefersProtobuf(request.headers().header("Accept"));
        if (protobuf.isEmpty()) {
            return ErrorResponses.respond(Statuses.notAcceptable(
                    "only application/json and " + PROTOBUF_V2 + " are supported for /openapi/v2"));
        }
        if (protobuf.get()) {
            return Mono.fromCallable(documents::v2Protobuf)
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(body ->
                            ServerResponse.ok().contentType(PROTOBUF_V2_DOTTED).bodyValue(body));
        }
        return Mono.fromCallable(documents::v2)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(body -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body));
    }

    /**
     * Whether the Accept headers prefer the protobuf form (true) or JSON (false), by the order of
     * their entries; empty when they accept neither. No Accept header means JSON.
     */
    static Optional<Boolean> prefersProtobuf(List<String> acceptHeaders) {
        if (acceptHeaders.isEmpty()) {
            return Optional.of(false);
        }
        for (String header : acceptHeaders) {
            for (String entry : header.split(",")) {
                String type = entry.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
                if (type.equals(PROTOBUF_V2) || type.equals(PROTOBUF_V2_DOTTED.toString())) {
                    return Optional.of(true);
                }
                if (type.equals("application/json") || type.equals("application/*") || type.equals("*/*")) {
                    return Optional.of(false);
                }
            }
        }
        return Optional.empty();
    }
}
