package io.skiff.model.quantity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QuantitiesTest {

    private static final String FORMAT_WRONG =
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    private static final String NUMERIC = "unable to parse numeric part of quantity";
    private static final String SUFFIX = "unable to parse quantity's suffix";

    static Stream<Arguments> values() {
        return Stream.of(
                arguments("zero", "0", "0"),
                arguments("zero with a suffix", "0Mi", "0"),
                arguments("plain integer", "1", "1"),
                arguments("kibibyte", "1Ki", "1024"),
                arguments("mebibytes", "7Mi", "7340032"),
                arguments("exbibytes", "3Ei", "3458764513820540928"),
                arguments("nano", "5n", "0.000000005"),
                arguments("milli", "3m", "0.003"),
                arguments("kilo", "50k", "50000"),
                arguments("exa", "1E", "1000000000000000000"),
                arguments("negative exponent", "1E-3", "0.001"),
                arguments("signed exponent", "1.3E+6", "1300000"),
                arguments("fraction with a decimal suffix", "100.035k", "100035"),
                arguments("fraction of a kilo", "0.0005k", "0.5"),
                arguments("leading point", ".001", "0.001"),
                arguments("trailing point", "1.", "1"),
                arguments("trailing point before a suffix", "1.G", "1000000000"),
                arguments("explicit plus", "+1Ki", "1024"),
                arguments("negative fraction", "-1.5", "-1.5"),
                arguments("fractional binary", "100.035Ki", "102435.84"),
                arguments("half a mebibyte", "0.5Mi", "524288"),
                arguments("precision below a nano rounds up", "3.001n", "0.000000004"),
                arguments("exponent below a nano rounds up", "1.1E-9", "0.000000002"),
                arguments("a tenth of a nano becomes a nano", "0.0000000001", "0.000000001"),
                arguments("rounding keeps nano precision", "0.00000012345", "0.000000124"),
                arguments("negative values round away from zero", "-0.0000000001", "-0.000000001"),
                arguments("tiny binary values become decimal nanos", "0.000000000001Ki", "0.000000002"),
                arguments("binary values are capped", "9Ei", "9223372036854775807"),
                arguments("binary values past a long are capped", "9223372036854775807Ki", "9223372036854775807"),
                arguments("decimal values are not capped", "12E", "12000000000000000000"),
                arguments("a lone point is zero", ".", "0"),
                arguments("a lone sign is zero", "-", "0"),
                arguments("a suffix without digits is zero, as in Kubernetes", "Mi", "0"));
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("values")
    void parsesExactValues(String description, String quantity, String value) {
        assertThat(Quantities.parse(quantity)).isEqualByComparingTo(new BigDecimal(value));
    }

    static Stream<Arguments> canonicalForms() {
        return Stream.of(
                arguments("thousand millis are one", "1000m", "1"),
                arguments("kibibytes roll up", "1024Ki", "1Mi"),
                arguments("half is written in millis", "0.5", "500m"),
                arguments("fractional gibibytes become mebibytes", "1.5Gi", "1536Mi"),
                arguments("decimal fraction in millis", "1.5", "1500m"),
                arguments("canonical binary stays", "1Gi", "1Gi"),
                arguments("mebibytes roll up", "1024Mi", "1Gi"),
                arguments("kibibytes roll up to mebibytes", "307200Ki", "300Mi"),
                arguments("binary without a larger power stays", "2000Ki", "2000Ki"),
                arguments("mega rolls up", "1000M", "1G"),
                arguments("fraction of a tera", "0.001T", "1G"),
                arguments("binary below a kibibyte is decimal", "0.5Ki", "512"),
                arguments("small binary fraction in millis", ".001Ki", "1024m"),
                arguments("small binary fraction in micros", ".000001Ki", "1024u"),
                arguments("small binary fraction in nanos", ".000000001Ki", "1024n"),
                arguments("binary below a nano rounds up", ".000000000001Ki", "2n"),
                arguments("fractional binary is decimal", "1.1Ki", "1126400m"),
                arguments("whole millis", "5000m", "5"),
                arguments("nanos roll up to millis", "1080000000n", "1080m"),
                arguments("two decimals in millis", "1.08", "1080m"),
                arguments("a tenth of a milli", "0.1m", "100u"),
                arguments("trailing zeros dropped", "1.000", "1"),
                arguments("zero", "0", "0"),
                arguments("zero with a suffix", "0Mi", "0"),
                arguments("zero with leading zeros", "00", "0"),
                arguments("negative zero", "-0", "0"),
                arguments("exponent stays", "1e3", "1e3"),
                arguments("exponent spelling kept when canonical", "1E3", "1E3"),
                arguments("exponent rolls up", "1000e0", "1e3"),
                arguments("exponent of a fraction", ".001e12", "1e9"),
                arguments("exponent that cancels out", "1.5e3", "1500"),
                arguments("negative millis roll up", "-1000m", "-1"),
                arguments("negative binary", "-1.5Gi", "-1536Mi"),
                arguments("capped binary has no larger power", "9Ei", "9223372036854775807"),
                arguments("decimal beyond exa uses an exponent", "1000E", "1e21"),
                arguments("canonical input kept with its plus sign", "+1", "+1"),
                arguments("canonical input kept with its leading zero", "01", "01"));
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("canonicalForms")
    void writesTheCanonicalForm(String description, String quantity, String canonical) {
        assertThat(Quantities.canonical(quantity)).isEqualTo(canonical);
        assertThat(Quantities.parse(canonical)).isEqualByComparingTo(Quantities.parse(quantity));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments("empty", "", FORMAT_WRONG),
                arguments("two points", "1.1.M", FORMAT_WRONG),
                arguments("sign in the middle", "1+1.0M", FORMAT_WRONG),
                arguments("unknown letter", "0.1am", FORMAT_WRONG),
                arguments("word", "aoeu", FORMAT_WRONG),
                arguments("leading space", " 1", FORMAT_WRONG),
                arguments("trailing space", "1 ", FORMAT_WRONG),
                arguments("lower-case binary suffix", "0.1mi", SUFFIX),
                arguments("bare binary marker", "1i", SUFFIX),
                arguments("bare binary marker after a fraction", ".5i", SUFFIX),
                arguments("negative with a bare binary marker", "-3.01i", SUFFIX),
                arguments("exponent without digits", "-3.01e-", SUFFIX),
                arguments("bare exponent marker", "1e", SUFFIX),
                arguments("upper-case kilo", "1K", SUFFIX),
                arguments("exponent beyond 32 bits", "1e4294967297", SUFFIX),
                arguments("exponent at the negative 32-bit limit", "1e-2147483648", SUFFIX),
                arguments("sign and binary suffix without digits", "-Ei", NUMERIC));
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("invalid")
    void rejectsMalformedQuantitiesWithKubernetesMessages(String description, String quantity, String message) {
        assertThatThrownBy(() -> Quantities.parse(quantity))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> wholeValues() {
        return Stream.of(
                arguments("fraction rounds up", "1.5", 2L, 1500L),
                arguments("millis round up to one", "100m", 1L, 100L),
                arguments("micros round up to a milli", "250u", 1L, 1L),
                arguments("nanos round up to a milli", "1n", 1L, 1L),
                arguments("binary", "1Ki", 1024L, 1024000L),
                arguments("fractional binary", "1.5Gi", 1610612736L, 1610612736000L),
                arguments("negative fraction rounds away from zero", "-1.5", -2L, -1500L),
                arguments("zero", "0", 0L, 0L),
                arguments("capped binary", "9Ei", Long.MAX_VALUE, Long.MAX_VALUE),
                arguments("exa in millis saturates", "1E", 1_000_000_000_000_000_000L, Long.MAX_VALUE),
                arguments("huge values saturate", "1e30", Long.MAX_VALUE, Long.MAX_VALUE),
                arguments("huge negative values saturate", "-1e30", Long.MIN_VALUE, Long.MIN_VALUE),
                arguments(
                        "vast exponents saturate without building the number",
                        "1e2000000000",
                        Long.MAX_VALUE,
                        Long.MAX_VALUE));
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("wholeValues")
    void roundsUpToWholeUnitsAndThousandths(String description, String quantity, long value, long milliValue) {
        assertThat(Quantities.value(quantity)).isEqualTo(value);
        assertThat(Quantities.milliValue(quantity)).isEqualTo(milliValue);
    }
}
