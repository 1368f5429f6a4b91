package io.skiff.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.skiff.apiserver.storage.CommitOutcomeUnknownException;
import io.skiff.apiserver.storage.StorageUnavailableException;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.server.ServerResponse;

class ErrorResponsesTest {

    @Test
    void storageUnreachableIsA503ServiceUnavailableToRetry() {
        StorageUnavailableException failure = new StorageUnavailableException(
                "storage commit failed: Connection refused", new SQLException("Connection refused", "08001"));

        Status status = ErrorResponses.toApiException(failure).status();

        assertThat(status.getCode()).isEqualTo(503);
        assertThat(status.getReason()).isEqualTo("ServiceUnavailable");
        assertThat(status.getMessage()).isEqualTo("storage commit failed: Connection refused");
        assertThat(status.getDetails().getRetryAfterSeconds()).isEqualTo(1);
        ServerResponse response = ErrorResponses.respond(failure).block(Duration.ofSeconds(1));
        assertThat(response.statusCode().value()).isEqualTo(503);
        assertThat(response.headers().getFirst("Retry-After")).isEqualTo("1");
    }

    @Test
    void aConnectionLostDuringTheCommitIsA504TimeoutWhoseOutcomeIsUnknown() {
        CommitOutcomeUnknownException failure = new CommitOutcomeUnknownException(
                "the connection to the storage failed during the commit", new SQLException("I/O error", "08006"));

        Status status = ErrorResponses.toApiException(failure).status();

        assertThat(status.getCode()).isEqualTo(504);
        assertThat(status.getReason()).isEqualTo("Timeout");
        assertThat(status.getDetails().getRetryAfterSeconds()).isEqualTo(1);
        ServerResponse response = ErrorResponses.respond(failure).block(Duration.ofSeconds(1));
        assertThat(response.headers().getFirst("Retry-After")).isEqualTo("1");
    }

    @Test
    void anUnexpectedErrorIsStillA500() {
        assertThat(ErrorResponses.toApiException(new IllegalStateException("bug"))
                        .status()
                        .getCode())
                .isEqualTo(500);
    }
}
