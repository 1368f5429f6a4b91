package io.skiff.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NetworkProgrammingBenchTest {

    @Test
    void percentilesInterpolateInsideTheBucketThatHoldsThem() {
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        cumulative.put(0.1, 50.0);
        cumulative.put(0.25, 90.0);
        cumulative.put(0.5, 100.0);
        cumulative.put(Double.POSITIVE_INFINITY, 100.0);

        assertThat(NetworkProgrammingBench.percentile(cumulative, 0.5)).isCloseTo(0.1, within(1e-9));
        assertThat(NetworkProgrammingBench.percentile(cumulative, 0.7)).isCloseTo(0.175, within(1e-9));
        assertThat(NetworkProgrammingBench.percentile(cumulative, 0.99)).isCloseTo(0.475, within(1e-9));
    }

    @Test
    void noSamplesHaveNoPercentile() {
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        cumulative.put(Double.POSITIVE_INFINITY, 0.0);
        assertThat(NetworkProgrammingBench.percentile(cumulative, 0.99)).isNaN();
    }
}
