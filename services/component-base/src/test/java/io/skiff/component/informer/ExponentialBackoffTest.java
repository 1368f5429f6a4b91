package io.skiff.component.informer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExponentialBackoffTest {

    @Test
    void clientGoDefaultsDoubleFrom800MillisecondsAndStopAt30Seconds() {
        ExponentialBackoff backoff = new ExponentialBackoff(Duration.ofMillis(800), Duration.ofSeconds(30), 0);

        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            millis.add(backoff.next().toMillis());
        }

        assertThat(millis).containsExactly(800L, 1600L, 3200L, 6400L, 12800L, 25600L, 30000L, 30000L);
    }

    @Test
    void resetStartsAgainFromTheInitialPause() {
        ExponentialBackoff backoff = new ExponentialBackoff(Duration.ofMillis(800), Duration.ofSeconds(30), 0);
        backoff.next();
        backoff.next();
        backoff.next();

        backoff.reset();

        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(1600));
    }

    @Test
    void jitterStretchesEachPauseByUpToTheGivenFraction() {
        for (int attempt = 0; attempt < 200; attempt++) {
            ExponentialBackoff backoff = new ExponentialBackoff(Duration.ofMillis(800), Duration.ofSeconds(30), 1.0);
            assertThat(backoff.next()).isBetween(Duration.ofMillis(800), Duration.ofMillis(1600));
            assertThat(backoff.next()).isBetween(Duration.ofMillis(1600), Duration.ofMillis(3200));
        }
    }
}
