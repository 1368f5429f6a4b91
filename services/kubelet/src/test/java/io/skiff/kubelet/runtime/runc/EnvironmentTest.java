package io.skiff.kubelet.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.skiff.kubelet.cri.ContainerConfig.EnvVar;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvironmentTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                argumentSet(
                        "default PATH and HOSTNAME come first",
                        List.of(),
                        List.of(),
                        List.of(Environment.DEFAULT_PATH, "HOSTNAME=web-0")),
                argumentSet(
                        "the image's PATH replaces the default where it stands",
                        List.of("LANG=C", "PATH=/app/bin"),
                        List.of(),
                        List.of("PATH=/app/bin", "HOSTNAME=web-0", "LANG=C")),
                argumentSet(
                        "container variables come after the image's, in order",
                        List.of("LANG=C"),
                        List.of(new EnvVar("B", "2"), new EnvVar("A", "1")),
                        List.of(Environment.DEFAULT_PATH, "HOSTNAME=web-0", "LANG=C", "B=2", "A=1")),
                argumentSet(
                        "a container variable overrides the image's in place",
                        List.of("LANG=C", "MODE=dev"),
                        List.of(new EnvVar("MODE", "prod")),
                        List.of(Environment.DEFAULT_PATH, "HOSTNAME=web-0", "LANG=C", "MODE=prod")),
                argumentSet(
                        "the later of two container variables with one name wins",
                        List.of(),
                        List.of(new EnvVar("X", "first"), new EnvVar("X", "second")),
                        List.of(Environment.DEFAULT_PATH, "HOSTNAME=web-0", "X=second")),
                argumentSet(
                        "a container may set HOSTNAME itself",
                        List.of(),
                        List.of(new EnvVar("HOSTNAME", "custom")),
                        List.of(Environment.DEFAULT_PATH, "HOSTNAME=custom")),
                argumentSet(
                        "an image entry without '=' unsets the name",
                        List.of("LANG=C", "LANG"),
                        List.of(),
                        List.of(Environment.DEFAULT_PATH, "HOSTNAME=web-0")),
                argumentSet(
                        "an empty value is kept",
                        List.of(),
                        List.of(new EnvVar("EMPTY", "")),
                        List.of(Environment.DEFAULT_PATH, "HOSTNAME=web-0", "EMPTY=")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void imageThenContainerEnvironment(List<String> image, List<EnvVar> container, List<String> expected) {
        assertThat(Environment.merge("web-0", image, container)).isEqualTo(expected);
    }
}
