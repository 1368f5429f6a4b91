package io.skiff.apiserver.authentication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * {@code POST /apis/authentication.k8s.io/v1/tokenreviews}: runs a token through this server's
 * bearer token authenticators (for spec.audiences, else the API audiences) and answers 201 with
 * the TokenReview: status.authenticated, status.user and status.audiences, or status.error for a
 * token none accepts. Nothing is stored.
 */
public final class TokenReviews {

    /** The largest review body read (kube-apiserver's request body limit). */
    private static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

    private final TokenAuthenticators tokens;
    private final Scheduler tokenScheduler;

    public TokenReviews(TokenAuthenticators tokens, Scheduler tokenScheduler) {
        this.tokens = tokens;
        this.tokenScheduler = tokenScheduler;
    }

    public Mono<ServerResponse> create(ServerRequest request) {
        return DataBufferUtils.join(request.bodyToFlux(DataBuffer.class), MAX_BODY_BYTES)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .map(TokenReviews::parse)
                .publishOn(tokenScheduler)
                .map(this::review)
                .flatMap(review -> ServerResponse.status(HttpStatus.CREATED)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(review.toString()))
                .onErrorResume(ApiException.class, TokenReviews::respond)
                .onErrorResume(
                        org.springframework.core.io.buffer.DataBufferLimitException.class,
                        e -> respond(Statuses.requestEntityTooLarge(MAX_BODY_BYTES)));
    }

    ObjectNode review(ObjectNode review) {
        JsonNode spec = review.path("spec");
        String token = spec.path("token").asText("");
        if (token.isEmpty()) {
            throw Statuses.badRequest("token is required for TokenReview in authentication");
        }
        List<String> audiences = new ArrayList<>();
        spec.path("audiences").forEach(a -> audiences.add(a.asText()));
        TokenOutcome outcome = tokens.authenticate(token, audiences);

        ObjectNode reply = KubeJson.mapper().createObjectNode();
        reply.put("kind", "TokenReview");
        reply.put("apiVersion", "authentication.k8s.io/v1");
        ObjectNode metadata = review.path("metadata").isObject()
                ? ((ObjectNode) review.path("metadata")).deepCopy()
                : KubeJson.mapper().createObjectNode();
        if (!metadata.has("creationTimestamp")) {
            metadata.putNull("creationTimestamp");
        }
        reply.set("metadata", metadata);
        reply.set("spec", spec.deepCopy());
        ObjectNode status = reply.putObject("status");
        if (outcome.isAccepted()) {
            status.put("authenticated", true);
            status.set("user", userJson(outcome.user()));
            if (!outcome.audiences().isEmpty()) {
                var auds = status.putArray("audiences");
                outcome.audiences().forEach(auds::add);
            }
        } else {
            status.putObject("user");
            status.put("error", outcome.error());
        }
        return reply;
    }

    /** authentication.k8s.io/v1 UserInfo, empty fields left out as Kubernetes does. */
    static ObjectNode userJson(UserInfo user) {
        ObjectNode json = KubeJson.mapper().createObjectNode();
        json.put("username", user.name());
        if (user.uid() != null && !user.uid().isEmpty()) {
            json.put("uid", user.uid());
        }
        if (!user.groups().isEmpty()) {
            var groups = json.putArray("groups");
            user.groups().forEach(groups::add);
        }
        if (!user.extra().isEmpty()) {
            ObjectNode extra = json.putObject("extra");
            user.extra().forEach((key, values) -> {
                var array = extra.putArray(key);
                values.forEach(array::add);
            });
        }
        return json;
    }

    private static ObjectNode parse(byte[] bytes) {
        try {
            JsonNode node = KubeJson.mapper().readTree(bytes);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            throw Statuses.badRequest("the body of the request was in an unknown format - accepted media types"
                    + " include: application/json, application/yaml");
        }
        throw Statuses.badRequest("the body of the request was in an unknown format - accepted media types"
                + " include: application/json, application/yaml");
    }

    private static Mono<ServerResponse> respond(ApiException error) {
        try {
            return ServerResponse.status(error.code())
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(KubeJson.mapper().writeValueAsBytes(error.status()));
        } catch (IOException e) {
            return Mono.error(e);
        }
    }
}
