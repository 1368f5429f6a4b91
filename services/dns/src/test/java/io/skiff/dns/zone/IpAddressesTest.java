package io.skiff.dns.zone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpAddressesTest {

    @Test
    void onlyLiteralAddressesParseAndNothingIsLookedUp() {
        assertThat(IpAddresses.parse("10.244.1.5")).map(a -> a.getHostAddress()).contains("10.244.1.5");
        assertThat(IpAddresses.parse("fd00::5")).isPresent();
        assertThat(IpAddresses.parse("localhost")).isEmpty();
        assertThat(IpAddresses.parse("10.244.1")).isEmpty();
        assertThat(IpAddresses.parse("")).isEmpty();
        assertThat(IpAddresses.parse(null)).isEmpty();
    }

    @Test
    void dashedLabelsRoundTrip() {
        assertThat(IpAddresses.dashed("10.244.1.5")).isEqualTo("10-244-1-5");
        assertThat(IpAddresses.dashed("fd00::5")).isEqualTo("fd00--5");
        assertThat(IpAddresses.undashed("10-244-1-5"))
                .map(a -> a.getHostAddress())
                .contains("10.244.1.5");
        assertThat(IpAddresses.undashed("fd00--5")).isPresent();
        assertThat(IpAddresses.undashed("web-0")).isEmpty();
        assertThat(IpAddresses.undashed("1-2-3")).isEmpty();
    }
}
