package io.skiff.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFormatTest {

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({
        "1.5, 1.5",
        "-2.5, -2.5",
        "123456.0, 123456",
        "1000000.0, 1e+06",
        "1234567.0, 1.234567e+06",
        "0.0001, 0.0001",
        "0.00001, 1e-05",
        "0.000123, 0.000123"
    })
    void printsFloatsAsStrconvShortestG(double number, String printed) {
        assertThat(GoFormat.float64(number)).isEqualTo(printed);
    }

    @Test
    void printsMapsWithSortedKeysAndNestedValues() {
        var value = PatchCase.node("{b: 1, a: [x, 2.5], c: null, d: true}");

        assertThat(GoFormat.v(value)).isEqualTo("map[a:[x 2.5] b:1 c:<nil> d:true]");
        assertThat(GoFormat.s(value)).isEqualTo("map[a:[x %!s(float64=2.5)] b:%!s(int64=1) c:<nil> d:%!s(bool=true)]");
    }

    @Test
    void flagsOnlyABareNilUnderPercentS() {
        assertThat(GoFormat.s(PatchCase.node("null"))).isEqualTo("%!s(<nil>)");
        assertThat(GoFormat.v(PatchCase.node("null"))).isEqualTo("<nil>");
    }
}
