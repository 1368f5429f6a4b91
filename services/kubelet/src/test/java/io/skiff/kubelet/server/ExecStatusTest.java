package io.skiff.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Status the Go client's errorDecoderV4 reads: Success, an exit code, or an error message. */
class ExecStatusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void exitZeroIsSuccess() throws Exception {
        JsonNode status = JSON.readTree(ExecStatus.exited(0, List.of("true")));

        assertThat(status.path("status").asText()).isEqualTo("Success");
        assertThat(status.has("reason")).isFalse();
    }

    @Test
    void anotherExitCodeIsANonZeroExitCodeFailureWithItsCause() throws Exception {
        JsonNode status = JSON.readTree(ExecStatus.exited(3, List.of("sh", "-c", "exit 3")));

        assertThat(status.path("status").asText()).isEqualTo("Failure");
        assertThat(status.path("reason").asText()).isEqualTo("NonZeroExitCode");
        assertThat(status.at("/details/causes/0/reason").asText()).isEqualTo("ExitCode");
        assertThat(status.at("/details/causes/0/message").asText()).isEqualTo("3");
        assertThat(status.path("message").asText())
                .isEqualTo("command terminated with non-zero exit code: error executing command [sh -c exit 3],"
                        + " exit code 3");
    }

    @Test
    void aCommandThatCouldNotRunIsAnInternalError() throws Exception {
        JsonNode status = JSON.readTree(ExecStatus.failedToRun("no such file"));

        assertThat(status.path("status").asText()).isEqualTo("Failure");
        assertThat(status.path("code").asInt()).isEqualTo(500);
        assertThat(status.path("reason").asText()).isEqualTo("InternalError");
        assertThat(status.path("message").asText())
                .isEqualTo("Internal error occurred: error executing command in container: no such file");
    }

    @Test
    void aRefusalReadsAsTheApiServersTranslatorReportsOne() throws Exception {
        JsonNode status = JSON.readTree(ExecStatus.refused("container not found (\"main\")"));

        assertThat(status.path("message").asText())
                .isEqualTo("Internal error occurred: unable to upgrade connection: container not found (\"main\")");
    }
}
