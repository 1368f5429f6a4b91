package io.skiff.apiserver.defaulting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

    @ParameterizedTest(name = "{0} is printed as {1}")
    @CsvSource({
        "0.5, 500m",
        "0.1, 100m",
        "1000m, 1",
        "1500m, 1500m",
        "100m, 100m",
        "1, 1",
        "'  2  ', 2",
        "1500000, 1500k",
        "2000, 2k",
        "1G, 1G",
        "1024Mi, 1Gi",
        "1.5Gi, 1536Mi",
        "2048Ki, 2Mi",
        "100Mi, 100Mi",
        "0.5Ki, 512",
        "1Ki, 1Ki",
        "1e3, 1e3",
        "1.5e3, 1500",
        "12e6, 12e6",
        "0, 0",
        "0Mi, 0",
        "-0.5, -500m",
        "0100m, 0100m",
        "1E3, 1E3",
        "+1, +1",
        "0.0000000001, 1n",
        "12345678901234567890, 12345678901234567890",
    })
    void printsTheCanonicalKubernetesSpelling(String input, String expected) {
        assertThat(Quantity.parse(input).orElseThrow().canonical()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} in a resource list is printed as {1}")
    @CsvSource({"1u, 1m", "1.5m, 2m", "100m, 100m", "1.0001, 1001m", "1e-4, 1e-3", "1Gi, 1Gi"})
    void resourceListsRoundUpToMilliUnits(String input, String expected) {
        assertThat(Quantity.parse(input).orElseThrow().roundUpToMilli().canonical())
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is not a quantity")
    @ValueSource(strings = {"", "abc", "1Qi", "1e", "1.2.3", "5 Gi", "1Ki0"})
    void rejectsWhatKubernetesCannotDecode(String input) {
        assertThat(Quantity.parse(input)).isEmpty();
    }

    @ParameterizedTest(name = "{0} is worth {1}")
    @CsvSource({"250m, 0.25", "1Ki, 1024", "1k, 1000", "2e2, 200"})
    void exposesTheNumericValue(String input, String value) {
        assertThat(Quantity.parse(input).orElseThrow().value()).isEqualByComparingTo(new BigDecimal(value));
    }
}
