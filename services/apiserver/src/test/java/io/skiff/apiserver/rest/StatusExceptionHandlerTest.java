package io.skiff.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.model.json.KubeJson;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;

class StatusExceptionHandlerTest {

    @Test
    void aPathNoRouteTakesIsAKubernetesNotFound() throws Exception {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/logs"));

        new StatusExceptionHandler()
                .handle(exchange, new ResponseStatusException(HttpStatus.NOT_FOUND))
                .block(Duration.ofSeconds(1));

        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(404);
        var body = KubeJson.mapper()
                .readTree(exchange.getResponse().getBodyAsString().block());
        assertThat(body.path("kind").asText()).isEqualTo("Status");
        assertThat(body.path("status").asText()).isEqualTo("Failure");
        assertThat(body.path("reason").asText()).isEqualTo("NotFound");
        assertThat(body.path("message").asText()).isEqualTo("the server could not find the requested resource");
        assertThat(body.path("code").asInt()).isEqualTo(404);
    }

    @Test
    void aMethodARouteDoesNotTakeIsMethodNotAllowed() {
        var status = StatusExceptionHandler.toStatus(
                        new MethodNotAllowedException(HttpMethod.PUT, java.util.List.of(HttpMethod.GET)))
                .status();

        assertThat(status.getCode()).isEqualTo(405);
        assertThat(status.getReason()).isEqualTo("MethodNotAllowed");
        assertThat(status.getMessage()).isEqualTo("the server does not allow this method on the requested resource");
    }
}
