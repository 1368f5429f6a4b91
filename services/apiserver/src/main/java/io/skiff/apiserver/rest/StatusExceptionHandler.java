package io.skiff.apiserver.rest;

import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Answers what no route handles (a path outside the API, a method a discovery or health path does
 * not take) with a Kubernetes Status, as kube-apiserver's not-found handler does, instead of Spring
 * Boot's own error JSON, which clients cannot read. Runs before Boot's error handler.
 */
public final class StatusExceptionHandler implements WebExceptionHandler, Ordered {

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        var response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        ApiException api = toStatus(error);
        response.setStatusCode(HttpStatus.valueOf(api.code()));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(ErrorResponses.json(api.status()))));
    }

    static ApiException toStatus(Throwable error) {
        if (error instanceof ResponseStatusException status) {
            return switch (status.getStatusCode().value()) {
                case 404 -> Statuses.failure(404, "NotFound", "the server could not find the requested resource", null);
                case 405 ->
                    Statuses.failure(
                            405,
                            "MethodNotAllowed",
                            "the server does not allow this method on the requested resource",
                            null);
                case 406 ->
                    Statuses.notAcceptable(
                            "the server was unable to respond with a content type that the client supports");
                case 415 -> Statuses.unsupportedMediaType(null);
                case 400 -> Statuses.badRequest(status.getReason() == null ? "bad request" : status.getReason());
                default -> ErrorResponses.toApiException(error);
            };
        }
        return ErrorResponses.toApiException(error);
    }

    @Override
    public int getOrder() {
        return -2; // before Spring Boot's ErrorWebExceptionHandler (-1)
    }
}
