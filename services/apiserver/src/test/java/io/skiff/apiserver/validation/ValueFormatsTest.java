package io.skiff.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Resource quantities and IP literals, parsed as Kubernetes parses them. */
class ValueFormatsTest {

    static Stream<Arguments> quantities() {
        return Stream.of(
                Arguments.of("500m", "0.5"),
                Arguments.of("1Gi", "1073741824"),
                Arguments.of("1.5Mi", "1572864"),
                Arguments.of("2k", "2000"),
                Arguments.of("1e3", "1000"),
                Arguments.of("1E-3", "0.001"),
                Arguments.of("+100", "100"),
                Arguments.of("-1", "-1"),
                Arguments.of(".5", "0.5"),
                Arguments.of("5.", "5"),
                Arguments.of("12345678901234567890", "12345678901234567890"));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("quantities")
    void parsesQuantities(String text, String value) {
        assertThat(Quantities.parse(text)).isEqualByComparingTo(new BigDecimal(value));
        assertThat(Quantities.error(text)).isNull();
    }

    static Stream<Arguments> badQuantities() {
        return Stream.of(
                Arguments.of("", Quantities.FORMAT_ERROR),
                Arguments.of("lots", Quantities.FORMAT_ERROR),
                Arguments.of("1 Gi", Quantities.FORMAT_ERROR),
                Arguments.of("1Gb", Quantities.FORMAT_ERROR),
                Arguments.of("1Mk", "unable to parse quantity's suffix"),
                Arguments.of("1e", "unable to parse quantity's suffix"),
                Arguments.of("1Gi2", "unable to parse quantity's suffix"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badQuantities")
    void rejectsQuantities(String text, String error) {
        assertThat(Quantities.parse(text)).isNull();
        assertThat(Quantities.error(text)).isEqualTo(error);
    }

    static Stream<Arguments> addresses() {
        return Stream.of(
                Arguments.of("10.244.1.5", true, 4),
                Arguments.of("010.001.002.003", true, 4),
                Arguments.of("::1", true, 16),
                Arguments.of("2001:db8::ffff", true, 16),
                Arguments.of("::ffff:10.0.0.1", true, 4),
                Arguments.of("10.244.1", false, 0),
                Arguments.of("256.1.1.1", false, 0),
                Arguments.of("fe80::1%eth0", false, 0),
                Arguments.of("localhost", false, 0),
                Arguments.of("dead", false, 0),
                Arguments.of("", false, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("addresses")
    void parsesIpLiteralsWithoutResolvingNames(String text, boolean valid, int length) {
        byte[] address = IpAddresses.parse(text);
        assertThat(address != null).isEqualTo(valid);
        if (valid) {
            assertThat(address).hasSize(length);
        }
    }

    static Stream<Arguments> specialAddresses() {
        return Stream.of(
                Arguments.of("10.0.0.1", null),
                Arguments.of("0.0.0.0", "may not be unspecified (0.0.0.0)"),
                Arguments.of("127.0.0.1", "may not be in the loopback range (127.0.0.0/8, ::1/128)"),
                Arguments.of("::1", "may not be in the loopback range (127.0.0.0/8, ::1/128)"),
                Arguments.of("169.254.169.254", "may not be in the link-local range (169.254.0.0/16, fe80::/10)"),
                Arguments.of("fe80::1", "may not be in the link-local range (169.254.0.0/16, fe80::/10)"),
                Arguments.of("224.0.0.1", "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specialAddresses")
    void reportsAddressesTrafficCannotReach(String text, String error) {
        assertThat(IpAddresses.specialRangeError(text)).isEqualTo(error);
    }

    static Stream<Arguments> cidrs() {
        return Stream.of(
                Arguments.of("10.244.0.0/16", true),
                Arguments.of("fd00::/64", true),
                Arguments.of("10.244.0.0/33", false),
                Arguments.of("10.244.0.0", false),
                Arguments.of("10.244.0.0/", false),
                Arguments.of("fd00::/129", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cidrs")
    void checksCidrs(String text, boolean valid) {
        assertThat(IpAddresses.isCidr(text)).isEqualTo(valid);
    }
}
