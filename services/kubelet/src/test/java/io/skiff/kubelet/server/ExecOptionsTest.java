package io.skiff.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecOptionsTest {

    @Test
    void streamsAreOnWhenTheirParameterIsOne() {
        ExecOptions options = ExecOptions.from(query(Map.of(
                "command",
                List.of("sh", "-c", "exit 3"),
                "input",
                List.of("1"),
                "output",
                List.of("1"),
                "error",
                List.of("true"))));

        assertThat(options.command()).containsExactly("sh", "-c", "exit 3");
        assertThat(options.stdin()).isTrue();
        assertThat(options.stdout()).isTrue();
        assertThat(options.stderr()).isFalse();
        assertThat(options.tty()).isFalse();
    }

    @Test
    void aTtyTakesStderrAlong() {
        ExecOptions options = ExecOptions.from(query(
                Map.of("command", List.of("sh"), "output", List.of("1"), "error", List.of("1"), "tty", List.of("1"))));

        assertThat(options.tty()).isTrue();
        assertThat(options.stderr()).isFalse();
    }

    @Test
    void noStreamOrNoCommandIsRefused() {
        assertThatThrownBy(() -> ExecOptions.from(query(Map.of("command", List.of("ls")))))
                .isInstanceOf(ExecRefusal.class)
                .hasMessage("you must specify at least 1 of stdin, stdout, stderr");
        assertThatThrownBy(() -> ExecOptions.from(query(Map.of("output", List.of("1")))))
                .isInstanceOf(ExecRefusal.class)
                .hasMessage("you must specify at least one command for the container");
    }

    private static java.util.function.Function<String, List<String>> query(Map<String, List<String>> params) {
        return params::get;
    }
}
