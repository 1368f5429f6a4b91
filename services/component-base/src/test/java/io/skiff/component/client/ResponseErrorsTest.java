package io.skiff.component.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.model.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResponseErrorsTest {

    static Stream<Arguments> replies() {
        return Stream.of(
                Arguments.of(
                        "a Status body is the server's own word",
                        409,
                        null,
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":409,"
                                + "\"reason\":\"AlreadyExists\",\"message\":\"configmaps \\\"a\\\" already exists\","
                                + "\"details\":{\"name\":\"a\",\"kind\":\"configmaps\"}}",
                        409,
                        "AlreadyExists",
                        "configmaps \"a\" already exists",
                        null),
                Arguments.of(
                        "a Status without a code takes the reply's",
                        410,
                        null,
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"reason\":\"Expired\",\"message\":\"too old\"}",
                        410,
                        "Expired",
                        "too old",
                        null),
                Arguments.of(
                        "Retry-After joins a Status that lacks it",
                        429,
                        "3",
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"code\":429,\"reason\":\"TooManyRequests\","
                                + "\"message\":\"slow down\"}",
                        429,
                        "TooManyRequests",
                        "slow down",
                        3),
                Arguments.of(
                        "the Status' own retryAfterSeconds wins over the header",
                        429,
                        "3",
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"code\":429,\"reason\":\"TooManyRequests\","
                                + "\"message\":\"slow down\",\"details\":{\"retryAfterSeconds\":7}}",
                        429,
                        "TooManyRequests",
                        "slow down",
                        7),
                Arguments.of(
                        "plain text is quoted after client-go's message",
                        503,
                        null,
                        "upstream connect error",
                        503,
                        "ServiceUnavailable",
                        "the server is currently unable to handle the request: upstream connect error",
                        null),
                Arguments.of(
                        "JSON that is not a Status is quoted too",
                        500,
                        null,
                        "{\"error\":\"boom\"}",
                        500,
                        "InternalError",
                        "an error on the server has prevented the request from succeeding: {\"error\":\"boom\"}",
                        null),
                Arguments.of(
                        "an empty 404",
                        404,
                        null,
                        "",
                        404,
                        "NotFound",
                        "the server could not find the requested resource",
                        null),
                Arguments.of(
                        "an empty 429 with Retry-After",
                        429,
                        "1",
                        "",
                        429,
                        "TooManyRequests",
                        "the server has received too many requests and has asked us to try again later",
                        1),
                Arguments.of(
                        "a code Kubernetes has no reason for",
                        502,
                        null,
                        "",
                        502,
                        "",
                        "the server responded with the status code 502 but did not return more information",
                        null),
                Arguments.of(
                        "an unreadable Retry-After is ignored",
                        503,
                        "soon",
                        "",
                        503,
                        "ServiceUnavailable",
                        "the server is currently unable to handle the request",
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void repliesBecomeApiExceptions(
            String description,
            int code,
            String retryAfterHeader,
            String body,
            int expectedCode,
            String expectedReason,
            String expectedMessage,
            Integer expectedRetryAfter) {
        ApiException error = ResponseErrors.toException(code, retryAfterHeader, body.getBytes(StandardCharsets.UTF_8));
        assertThat(error.code()).isEqualTo(expectedCode);
        assertThat(error.reason()).isEqualTo(expectedReason);
        assertThat(error.getMessage()).isEqualTo(expectedMessage);
        Integer retryAfter = error.status().getDetails() == null
                ? null
                : error.status().getDetails().getRetryAfterSeconds();
        assertThat(retryAfter).isEqualTo(expectedRetryAfter);
        assertThat(error.status().getKind()).isEqualTo("Status");
    }

    @Test
    void longBodiesAreCutInTheMessage() {
        ApiException error =
                ResponseErrors.toException(500, null, "x".repeat(10_000).getBytes(StandardCharsets.UTF_8));
        assertThat(error.getMessage()).hasSizeLessThan(400).endsWith("...");
    }

    @Test
    void retryAfterMayBeAnHttpDate() {
        String inAMinute =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(60));
        assertThat(ResponseErrors.retryAfterSeconds(inAMinute)).isBetween(55, 60);
        String past =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().minusSeconds(60));
        assertThat(ResponseErrors.retryAfterSeconds(past)).isEqualTo(1);
    }
}
