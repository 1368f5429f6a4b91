package io.skiff.kubelet.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** $(VAR) expansion, with the cases of Kubernetes' expansion tests. */
class ExpansionTest {

    private static final Map<String, String> VARS = Map.of("VAR_A", "A", "VAR_B", "B", "VAR_EMPTY", "");

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "$(VAR_A)|A",
                "___$(VAR_B)___|___B___",
                "$(VAR_A)-$(VAR_A)|A-A",
                "$(VAR_A)$(VAR_B)|AB",
                "$(VAR_EMPTY)x|x",
                "$(UNKNOWN)|$(UNKNOWN)",
                "$$(VAR_A)|$(VAR_A)",
                "$$$(VAR_A)|$A",
                "$(VAR_A|$(VAR_A",
                "$VAR_A|$VAR_A",
                "trailing $|trailing $",
                "$()|$()",
                "no refs|no refs"
            })
    void expands(String input, String expected) {
        assertThat(Expansion.expand(input, Expansion.mappingFor(VARS))).isEqualTo(expected);
    }
}
