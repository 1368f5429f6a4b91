package io.skiff.model.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceAmountTest {

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource({
        "128Mi, 128Mi, 256Mi",
        "512Ki, 512Ki, 1Mi",
        "100m, 200m, 300m",
        "500m, 1, 1500m",
        "1, 500m, 1500m",
        "1k, 1k, 2k",
        "1e3, 1e3, 2e3",
        "1500, 0, 1500",
        "500m, 500m, 1",
        "1Gi, 1G, 2073741824",
        "1G, 1Gi, 2073741824",
        "512, 1Ki, 1536",
        "0, 1Gi, 1Gi",
        "1.5Gi, 0, 1536Mi",
        "100Mi, 0.5, 104857600500m",
    })
    void sumsPrintInTheFormatOfTheirFirstNonZeroTerm(String a, String b, String sum) {
        ResourceAmount total =
                ResourceAmount.ZERO.plus(ResourceAmount.of(new Quantity(a))).plus(ResourceAmount.of(new Quantity(b)));
        assertThat(total.text()).isEqualTo(sum);
    }

    @Test
    void zeroIsPrintedAsZeroAndComparedByValue() {
        assertThat(ResourceAmount.ZERO.text()).isEqualTo("0");
        assertThat(ResourceAmount.of(new Quantity("250m")).sameValue(ResourceAmount.of(new Quantity("0.25"))))
                .isTrue();
    }

    @Test
    void roundingUpKeepsTheFormat() {
        assertThat(ResourceAmount.of(new Quantity("1.5")).roundedUp().text()).isEqualTo("2");
        assertThat(ResourceAmount.of(new Quantity("1Gi")).roundedUp().text()).isEqualTo("1Gi");
    }
}
