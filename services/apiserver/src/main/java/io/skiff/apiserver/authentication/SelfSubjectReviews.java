package io.skiff.apiserver.authentication;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.json.KubeJson;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /apis/authentication.k8s.io/v1/selfsubjectreviews}: tells the caller who the server
 * takes it for, as kube-apiserver does for {@code kubectl auth whoami}. Nothing is stored; the
 * request's own body carries nothing the answer depends on, so it is read and dropped.
 */
public final class SelfSubjectReviews {

    public Mono<ServerResponse> create(ServerRequest request) {
        UserInfo user = RequestAuthentication.user(request.exchange());
        return request.bodyToFlux(DataBuffer.class)
                .doOnNext(DataBufferUtils::release)
                .then(Mono.defer(() -> ServerResponse.status(HttpStatus.CREATED)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(review(user).toString())));
    }

    static ObjectNode review(UserInfo user) {
        ObjectNode review = KubeJson.mapper().createObjectNode();
        review.put("kind", "SelfSubjectReview");
        review.put("apiVersion", "authentication.k8s.io/v1");
        review.putObject("metadata").putNull("creationTimestamp");
        review.putObject("status").set("userInfo", TokenReviews.userJson(user));
        return review;
    }
}
