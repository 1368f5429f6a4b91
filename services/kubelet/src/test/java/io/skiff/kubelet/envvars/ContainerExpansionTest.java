package io.skiff.kubelet.envvars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.kubelet.cri.ContainerConfig.EnvVar;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kubelet's ExpandContainerCommandAndArgs and ExpandContainerVolumeMounts. */
class ContainerExpansionTest {

    private static final List<EnvVar> ENVIRONMENT =
            List.of(new EnvVar("MESSAGE", "hello"), new EnvVar("POD", "web-0"), new EnvVar("EMPTY", ""));

    @Test
    void commandAndArgsExpandKnownVariablesAndKeepTheRest() {
        assertThat(ContainerExpansion.expand(
                        List.of("/bin/echo", "$(MESSAGE) from $(POD)", "$(UNKNOWN)", "$$(POD)"), ENVIRONMENT))
                .containsExactly("/bin/echo", "hello from web-0", "$(UNKNOWN)", "$(POD)");
        assertThat(ContainerExpansion.expand(null, ENVIRONMENT)).isEmpty();
    }

    @Test
    void aSubPathExprNeedsEveryValue() {
        assertThat(ContainerExpansion.subPathExpr("logs/$(POD)", ENVIRONMENT)).isEqualTo("logs/web-0");
        assertThatThrownBy(() -> ContainerExpansion.subPathExpr("$(UNKNOWN)/$(EMPTY)/$(POD)", ENVIRONMENT))
                .hasMessage("missing value for EMPTY, UNKNOWN");
    }
}
