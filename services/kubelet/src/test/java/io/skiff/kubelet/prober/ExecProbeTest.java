package io.skiff.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.skiff.kubelet.cri.ContainerRuntimeException;
import io.skiff.kubelet.cri.ExecResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Exec probes through a scripted runtime. */
class ExecProbeTest {

    private final ScriptedRuntime runtime = new ScriptedRuntime();
    private final ExecProbe probe = new ExecProbe(runtime);

    record Case(String name, ExecResult exec, ActionResult expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> results() {
        return Stream.of(
                new Case("exit 0 is success", exec("fine\n", "", 0, false), ActionResult.success("fine\n")),
                new Case(
                        "another exit code fails with stdout then stderr",
                        exec("out ", "err", 3, false),
                        ActionResult.failure("out err")),
                new Case(
                        "a command still running at the timeout fails",
                        exec("", "", -1, true),
                        ActionResult.failure("command \"sh -c test -f /tmp/\\\"ready\\\"\" timed out")),
                new Case(
                        "at most 10 KiB of output is kept",
                        exec("o".repeat(8 * 1024), "e".repeat(8 * 1024), 1, false),
                        ActionResult.failure("o".repeat(8 * 1024) + "e".repeat(2 * 1024))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("results")
    void judgesTheExecResult(Case test) throws Exception {
        runtime.nextExec = test.exec();

        ActionResult result = probe.run("c1", List.of("sh", "-c", "test -f /tmp/\"ready\""), Duration.ofSeconds(2));

        assertThat(result).isEqualTo(test.expected());
        assertThat(runtime.execs).containsExactly("c1 [sh, -c, test -f /tmp/\"ready\"] PT2S");
    }

    @Test
    void aRuntimeThatCannotExecIsAnError() {
        runtime.nextFailure = new ContainerRuntimeException("container \"c1\" is not running");

        assertThatThrownBy(() -> probe.run("c1", List.of("true"), Duration.ofSeconds(1)))
                .isInstanceOf(ProbeActionException.class)
                .hasMessage("container \"c1\" is not running");
    }

    @Test
    void theCommandExpandsOnlyTheContainersLiteralEnv() {
        Container container = new ContainerBuilder()
                .withName("web")
                .addNewEnv()
                .withName("PORT")
                .withValue("8080")
                .endEnv()
                .addNewEnv()
                .withName("TOKEN")
                .withNewValueFrom()
                .withNewSecretKeyRef("token", "creds", false)
                .endValueFrom()
                .endEnv()
                .build();

        List<String> command = ExecProbe.command(
                List.of("check", "--port=$(PORT)", "--token=$(TOKEN)", "$(UNSET)", "$$(PORT)"), container);

        assertThat(command).containsExactly("check", "--port=8080", "--token=", "$(UNSET)", "$(PORT)");
    }

    private static ExecResult exec(String stdout, String stderr, int exitCode, boolean timedOut) {
        return new ExecResult(
                stdout.getBytes(StandardCharsets.UTF_8), stderr.getBytes(StandardCharsets.UTF_8), exitCode, timedOut);
    }
}
