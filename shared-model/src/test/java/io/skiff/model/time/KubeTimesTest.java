package io.skiff.model.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class KubeTimesTest {

    private static final Instant AT = Instant.parse("2026-12-06T18:58:01.247755730Z");

    @Test
    void timeIsWholeSeconds() {
        assertThat(KubeTimes.time(AT)).isEqualTo("2026-12-06T18:58:01Z");
        assertThat(KubeTimes.time(Instant.parse("2026-12-06T18:58:00Z"))).isEqualTo("2026-12-06T18:58:00Z");
    }

    @Test
    void microTimeAlwaysHasSixDigits() {
        assertThat(KubeTimes.microTime(AT)).isEqualTo("2026-12-06T18:58:01.247755Z");
        assertThat(KubeTimes.microTime(Instant.parse("2026-12-06T18:58:00Z"))).isEqualTo("2026-12-06T18:58:00.000000Z");
    }

    @Test
    void timesParseBackAndMissingOrMalformedOnesAreEmpty() {
        assertThat(KubeTimes.parse(KubeTimes.time(AT))).contains(Instant.parse("2026-12-06T18:58:01Z"));
        assertThat(KubeTimes.parse(KubeTimes.microTime(AT))).contains(Instant.parse("2026-12-06T18:58:01.247755Z"));
        assertThat(KubeTimes.parse(null)).isEmpty();
        assertThat(KubeTimes.parse("")).isEmpty();
        assertThat(KubeTimes.parse("yesterday")).isEmpty();
    }
}
