package io.skiff.component.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusDetails;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.skiff.model.api.Statuses;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetryRuleTest {

    /** What each rule says about each failure, and whether the failure counts against the server. */
    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(
                        "connection refused",
                        new RuntimeException(new ConnectException("Connection refused")),
                        true,
                        true,
                        true,
                        true),
                Arguments.of(
                        "every breaker open",
                        CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("x")),
                        true,
                        true,
                        true,
                        false),
                Arguments.of(
                        "connection reset after sending",
                        new RuntimeException(new IOException("Connection reset by peer")),
                        true,
                        false,
                        false,
                        true),
                Arguments.of("request timed out", new TimeoutException("30s"), true, false, false, true),
                Arguments.of(
                        "429 with Retry-After (max-in-flight)",
                        Statuses.tooManyRequests("Too many requests", 1),
                        true,
                        true,
                        false,
                        false),
                Arguments.of(
                        "429 without Retry-After",
                        Statuses.failure(429, "TooManyRequests", "slow down", null),
                        true,
                        false,
                        false,
                        false),
                Arguments.of("500", Statuses.internalError("boom"), true, false, false, true),
                Arguments.of("502", Statuses.failure(502, "", "bad gateway", null), true, false, false, true),
                Arguments.of("503 without Retry-After", Statuses.serviceUnavailable("down"), true, false, false, true),
                Arguments.of(
                        "503 with Retry-After",
                        Statuses.failure(503, "ServiceUnavailable", "shed", retryAfter(2)),
                        true,
                        true,
                        false,
                        true),
                Arguments.of("504", Statuses.timeout("slow"), true, false, false, true),
                Arguments.of(
                        "409 Conflict",
                        Statuses.staleResourceVersion("", "configmaps", "a"),
                        false,
                        false,
                        false,
                        false),
                Arguments.of(
                        "409 AlreadyExists", Statuses.alreadyExists("", "configmaps", "a"), false, false, false, false),
                Arguments.of("404", Statuses.notFound("", "pods", "a"), false, false, false, false),
                Arguments.of("410 Expired", Statuses.expired("too old"), false, false, false, false),
                Arguments.of("400 BadRequest", Statuses.badRequest("no"), false, false, false, false),
                Arguments.of("a bug in the caller", new IllegalStateException("bug"), false, false, false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void rulesAndBreakersJudgeFailures(
            String description,
            Throwable failure,
            boolean read,
            boolean write,
            boolean unsentOnly,
            boolean serverFailure) {
        assertThat(RetryRule.READ.test(failure)).as("READ retries").isEqualTo(read);
        assertThat(RetryRule.WRITE.test(failure)).as("WRITE retries").isEqualTo(write);
        assertThat(RetryRule.UNSENT_ONLY.test(failure))
                .as("UNSENT_ONLY retries")
                .isEqualTo(unsentOnly);
        assertThat(Failures.isServerFailure(failure))
                .as("counts against the server")
                .isEqualTo(serverFailure);
    }

    private static StatusDetails retryAfter(int seconds) {
        StatusDetails details = new StatusDetails();
        details.setRetryAfterSeconds(seconds);
        return details;
    }
}
