package io.skiff.component.leaderelection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LeaseTimingsTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("client-go defaults 15s/10s/2s", "15s", "10s", "2s", null),
                Arguments.of("test timings 2s/1s/200ms", "2s", "1s", "200ms", null),
                Arguments.of("lease equal to renew deadline", "10s", "10s", "2s", "must be greater than renewDeadline"),
                Arguments.of(
                        "lease shorter than renew deadline", "5s", "10s", "2s", "must be greater than renewDeadline"),
                Arguments.of("renew deadline equal to 1.2 x retry", "15s", "12s", "10s", "retryPeriod*JitterFactor"),
                Arguments.of("renew deadline below retry", "15s", "1s", "2s", "retryPeriod*JitterFactor"),
                Arguments.of("fractional lease seconds", "1500ms", "1s", "200ms", "whole seconds"),
                Arguments.of("zero retry period", "15s", "10s", "0s", "retryPeriod must be positive"),
                Arguments.of("negative renew deadline", "15s", "-1s", "2s", "renewDeadline must be positive"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesAsClientGoDoes(String name, String lease, String renew, String retry, String error) {
        Duration leaseDuration = parse(lease);
        Duration renewDeadline = parse(renew);
        Duration retryPeriod = parse(retry);
        if (error == null) {
            LeaseTimings timings = new LeaseTimings(leaseDuration, renewDeadline, retryPeriod);
            assertThat(timings.leaseDurationSeconds()).isEqualTo((int) leaseDuration.toSeconds());
        } else {
            assertThatThrownBy(() -> new LeaseTimings(leaseDuration, renewDeadline, retryPeriod))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(error);
        }
    }

    private static Duration parse(String text) {
        boolean negative = text.startsWith("-");
        String unsigned = negative ? text.substring(1) : text;
        Duration value = unsigned.endsWith("ms")
                ? Duration.ofMillis(Long.parseLong(unsigned.substring(0, unsigned.length() - 2)))
                : Duration.ofSeconds(Long.parseLong(unsigned.substring(0, unsigned.length() - 1)));
        return negative ? value.negated() : value;
    }
}
