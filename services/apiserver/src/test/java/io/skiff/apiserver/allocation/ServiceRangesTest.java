package io.skiff.apiserver.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ServiceRangesTest {

    @Test
    void theDefaultServiceRangeStartsAtTheFirstAddressAndKeepsAStaticBandOf256() {
        ServiceIpRange range = ServiceIpRange.parse("10.96.0.0/12");
        assertThat(range.size()).isEqualTo((1 << 20) - 2);
        assertThat(range.addressAt(0)).isEqualTo("10.96.0.1");
        assertThat(range.addressAt(9)).isEqualTo("10.96.0.10");
        assertThat(range.addressAt(range.size() - 1)).isEqualTo("10.111.255.254");
        assertThat(range.staticBand()).isEqualTo(256);
        assertThat(range.offsetOf("10.96.0.10")).isEqualTo(OptionalInt.of(9));
    }

    @Test
    void networkAndBroadcastAddressesAreNeverInTheRange() {
        ServiceIpRange range = ServiceIpRange.parse("10.96.0.0/27");
        assertThat(range.size()).isEqualTo(30);
        assertThat(range.staticBand()).isEqualTo(16);
        assertThat(range.offsetOf("10.96.0.0")).isEmpty();
        assertThat(range.offsetOf("10.96.0.31")).isEmpty();
        assertThat(range.offsetOf("10.96.0.30")).isEqualTo(OptionalInt.of(29));
        assertThat(range.offsetOf("10.96.0.32")).isEmpty();
        assertThat(range.offsetOf("fd00::1")).isEmpty();
        assertThat(range.offsetOf("10.96.0.300")).isEmpty();
    }

    @Test
    void smallRangesHaveNoStaticBand() {
        assertThat(ServiceIpRange.parse("10.96.0.0/28").staticBand()).isZero();
        assertThat(ServiceIpRange.parse("10.96.0.0/32").size()).isZero();
    }

    @Test
    void rangesWiderThanTwentyHostBitsAreRefusedAsKubernetesDoes() {
        assertThatThrownBy(() -> ServiceIpRange.parse("10.0.0.0/8")).hasMessageContaining("the mask must be >= 12");
        assertThatThrownBy(() -> ServiceIpRange.parse("fd00::/108")).hasMessageContaining("IPv4");
    }

    @Test
    void nodePortRangesParseAsKubeApiserverTakesThem() {
        NodePortRange range = NodePortRange.parse("30000-32767");
        assertThat(range.base()).isEqualTo(30000);
        assertThat(range.size()).isEqualTo(2768);
        assertThat(range.staticBand()).isEqualTo(86);
        assertThat(range.contains(32767)).isTrue();
        assertThat(range.contains(32768)).isFalse();
        assertThat(range.toString()).isEqualTo("30000-32767");
        assertThat(NodePortRange.parse("30000-30009").staticBand()).isZero();
        assertThat(NodePortRange.parse("30000-31000").staticBand()).isEqualTo(31);
        assertThatThrownBy(() -> NodePortRange.parse("32767-30000")).hasMessageContaining("below the first");
        assertThatThrownBy(() -> NodePortRange.parse("30000-70000")).hasMessageContaining("1-65535");
        assertThatThrownBy(() -> NodePortRange.parse("ports")).hasMessageContaining("first-last");
    }
}
