package io.skiff.apiserver.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApiServerPropertiesTest {

    @Test
    void unsetConcurrencyIsSizedToTheCoresUpToKubernetesDefaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        ApiServerProperties unset = properties(null, null);

        assertThat(unset.requestsInFlight()).isEqualTo(Math.min(400, 20 * cores));
        assertThat(unset.mutatingRequestsInFlight()).isEqualTo(Math.min(200, 10 * cores));
        assertThat(ApiServerProperties.sizedToCores(1000, 400)).isEqualTo(400);
        assertThat(unset.inFlightSizedToMachine()).isTrue();
        assertThat(properties(400, null).inFlightSizedToMachine()).isTrue();
    }

    @Test
    void setConcurrencyIsTakenAsGiven() {
        ApiServerProperties set = properties(400, 200);

        assertThat(set.requestsInFlight()).isEqualTo(400);
        assertThat(set.mutatingRequestsInFlight()).isEqualTo(200);
        assertThat(set.inFlightSizedToMachine()).isFalse();
    }

    private static ApiServerProperties properties(Integer reads, Integer writes) {
        return new ApiServerProperties(
                3145728,
                Duration.ofSeconds(1800),
                Duration.ofSeconds(15),
                20000,
                10000,
                Duration.ofSeconds(3),
                reads,
                writes,
                "10.96.0.0/12",
                "30000-32767",
                null,
                null,
                Duration.ofSeconds(10),
                Duration.ofSeconds(15),
                true);
    }
}
