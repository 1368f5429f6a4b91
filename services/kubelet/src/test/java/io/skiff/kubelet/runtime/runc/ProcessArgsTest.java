package io.skiff.kubelet.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The table of "Define a Command and Arguments for a Container", with the image's ENTRYPOINT [/ep] and CMD [cmd]. */
class ProcessArgsTest {

    private static final List<String> ENTRYPOINT = List.of("/ep", "-x");
    private static final List<String> CMD = List.of("cmd", "arg");

    static Stream<Arguments> cases() {
        return Stream.of(
                argumentSet(
                        "neither command nor args: the image's entrypoint and cmd",
                        List.of(),
                        List.of(),
                        ENTRYPOINT,
                        CMD,
                        List.of("/ep", "-x", "cmd", "arg")),
                argumentSet(
                        "command only: the command alone, the image's cmd ignored too",
                        List.of("/bin/sh", "-c", "true"),
                        List.of(),
                        ENTRYPOINT,
                        CMD,
                        List.of("/bin/sh", "-c", "true")),
                argumentSet(
                        "args only: the image's entrypoint with the args",
                        List.of(),
                        List.of("--port", "80"),
                        ENTRYPOINT,
                        CMD,
                        List.of("/ep", "-x", "--port", "80")),
                argumentSet(
                        "command and args: both, the image's ignored",
                        List.of("/app"),
                        List.of("serve"),
                        ENTRYPOINT,
                        CMD,
                        List.of("/app", "serve")),
                argumentSet(
                        "an image without entrypoint runs its cmd",
                        List.of(),
                        List.of(),
                        List.of(),
                        CMD,
                        List.of("cmd", "arg")),
                argumentSet(
                        "args only on an image without entrypoint: the args are the argv",
                        List.of(),
                        List.of("echo", "hi"),
                        List.of(),
                        CMD,
                        List.of("echo", "hi")),
                argumentSet(
                        "ENTRYPOINT [\"\"] counts as no entrypoint",
                        List.of(),
                        List.of(),
                        List.of(""),
                        CMD,
                        List.of("cmd", "arg")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void mergesAsKubernetesDocuments(
            List<String> command, List<String> args, List<String> entrypoint, List<String> cmd, List<String> argv) {
        assertThat(ProcessArgs.merge(command, args, entrypoint, cmd)).isEqualTo(argv);
    }

    @Test
    void nothingToRunIsAnError() {
        assertThatThrownBy(() -> ProcessArgs.merge(List.of(), List.of(), List.of(), List.of()))
                .hasMessage("no command specified");
    }
}
