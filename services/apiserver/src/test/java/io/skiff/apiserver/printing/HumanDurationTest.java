package io.skiff.apiserver.printing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HumanDurationTest {

    static Stream<Arguments> durations() {
        return Stream.of(
                Arguments.of("more than a second in the future is invalid", Duration.ofSeconds(-2), "<invalid>"),
                Arguments.of("just under two seconds of skew still reads as now", Duration.ofMillis(-1999), "0s"),
                Arguments.of("a second of skew reads as now", Duration.ofSeconds(-1), "0s"),
                Arguments.of("now", Duration.ZERO, "0s"),
                Arguments.of("fractions of a second are dropped", Duration.ofMillis(5999), "5s"),
                Arguments.of("seconds up to two minutes", Duration.ofSeconds(119), "119s"),
                Arguments.of("two minutes", Duration.ofSeconds(120), "2m"),
                Arguments.of("minutes and seconds under ten minutes", Duration.ofSeconds(200), "3m20s"),
                Arguments.of("just under ten minutes", Duration.ofSeconds(599), "9m59s"),
                Arguments.of("whole minutes from ten minutes", Duration.ofSeconds(10 * 60 + 59), "10m"),
                Arguments.of("minutes up to three hours", Duration.ofMinutes(179), "179m"),
                Arguments.of("three hours", Duration.ofHours(3), "3h"),
                Arguments.of("hours and minutes under eight hours", Duration.ofMinutes(7 * 60 + 59), "7h59m"),
                Arguments.of("whole hours from eight hours", Duration.ofMinutes(8 * 60 + 30), "8h"),
                Arguments.of("hours up to two days", Duration.ofHours(47), "47h"),
                Arguments.of("two days", Duration.ofHours(48), "2d"),
                Arguments.of("days and hours under eight days", Duration.ofHours(51), "2d3h"),
                Arguments.of("just under eight days", Duration.ofHours(191), "7d23h"),
                Arguments.of("whole days from eight days", Duration.ofHours(8 * 24 + 5), "8d"),
                Arguments.of("days up to two years", Duration.ofDays(729), "729d"),
                Arguments.of("two years", Duration.ofDays(730), "2y"),
                Arguments.of("years and days under eight years", Duration.ofDays(731), "2y1d"),
                Arguments.of("whole years from eight years", Duration.ofDays(8 * 365 + 40), "8y"),
                Arguments.of("beyond what a Go duration holds", Duration.ofDays(365L * 400), "292y"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("durations")
    void formatsAsKubernetesHumanDuration(String name, Duration duration, String expected) {
        assertThat(HumanDuration.format(duration)).isEqualTo(expected);
    }
}
