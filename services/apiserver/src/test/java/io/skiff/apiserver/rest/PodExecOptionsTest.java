package io.skiff.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.MultiValueMap;

/** PodExecOptions as the API server reads them from kubectl's query and hands them to the kubelet. */
class PodExecOptionsTest {

    @Test
    void kubectlsQueryBecomesTheKubeletsParameters() {
        MultiValueMap<String, String> query = QueryStrings.parse(URI.create(
                "/api/v1/namespaces/a/pods/p/exec?command=sh&command=-c&command=echo+%22a%2Bb%22&container=main"
                        + "&stdin=true&stdout=true&stderr=true"));

        PodExec.Options options = PodExec.Options.from(query);

        assertThat(options.command()).containsExactly("sh", "-c", "echo \"a+b\"");
        assertThat(options.container()).isEqualTo("main");
        assertThat(options.kubeletQuery())
                .containsEntry("input", List.of("1"))
                .containsEntry("output", List.of("1"))
                .containsEntry("error", List.of("1"))
                .containsEntry("command", List.of("sh", "-c", "echo \"a+b\""))
                .doesNotContainKey("tty");
    }

    @Test
    void stdoutAndStderrDefaultToTrueAndOnlyFalseOrZeroTurnsAFlagOff() {
        PodExec.Options defaults = PodExec.Options.from(QueryStrings.parse(URI.create("/x?command=ls")));
        assertThat(defaults.stdin()).isFalse();
        assertThat(defaults.stdout()).isTrue();
        assertThat(defaults.stderr()).isTrue();
        assertThat(defaults.tty()).isFalse();

        PodExec.Options off = PodExec.Options.from(
                QueryStrings.parse(URI.create("/x?command=ls&stdout=FALSE&stderr=0&tty=1&stdin=yes")));
        assertThat(off.stdout()).isFalse();
        assertThat(off.stderr()).isFalse();
        assertThat(off.tty()).isTrue();
        assertThat(off.stdin()).isTrue();
    }

    @Test
    void escapingForTheKubeletLeavesNothingAmbiguous() {
        assertThat(QueryStrings.escape("a b+c&d=e/f%")).isEqualTo("a%20b%2Bc%26d%3De%2Ff%25");
    }
}
