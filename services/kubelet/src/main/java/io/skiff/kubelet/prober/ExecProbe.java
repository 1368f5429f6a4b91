package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.skiff.kubelet.cri.ExecResult;
import io.skiff.kubelet.cri.RuntimeService;
import io.skiff.kubelet.envvars.Expansion;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An exec probe: the command runs in the container through the runtime's ExecSync; exit code 0 is
 * success, anything else failure, and a command still running at the timeout is a failure (as
 * Kubernetes has it since 1.20, ExecProbeTimeout). The output is stdout then stderr, at most 10
 * KiB of it.
 */
final class ExecProbe {

    static final int MAX_OUTPUT_BYTES = 10 * 1024;

    private final RuntimeService runtime;

    ExecProbe(RuntimeService runtime) {
        this.runtime = runtime;
    }

    /**
     * The probe's command with {@code $(VAR)} expanded from the container's env values only
     * (ExpandContainerCommandOnlyStatic): a variable set from a source (valueFrom) expands to the
     * empty string, an unknown one stays as written.
     */
    static List<String> command(List<String> command, Container container) {
        Map<String, String> values = new HashMap<>();
        if (container.getEnv() != null) {
            for (EnvVar env : container.getEnv()) {
                values.put(env.getName(), env.getValue() == null ? "" : env.getValue());
            }
        }
        var mapping = Expansion.mappingFor(List.of(values));
        return command.stream().map(arg -> Expansion.expand(arg, mapping)).toList();
    }

    /** @param containerId the runtime's ID of the container (without the {@code runc://} prefix) */
    ActionResult run(String containerId, List<String> command, Duration timeout) throws ProbeActionException {
        ExecResult result;
        try {
            result = runtime.execSync(containerId, command, timeout);
        } catch (RuntimeException e) {
            throw new ProbeActionException(String.valueOf(e.getMessage()));
        }
        if (result.timedOut()) {
            // Kubernetes reports the runtime's TimeoutError as the output: the command printed nothing it kept.
            return ActionResult.failure("command " + GoText.quote(String.join(" ", command)) + " timed out");
        }
        String output = combined(result);
        return result.exitCode() == 0 ? ActionResult.success(output) : ActionResult.failure(output);
    }

    private static String combined(ExecResult result) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, result.stdout());
        write(out, result.stderr());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void write(ByteArrayOutputStream out, byte[] bytes) {
        if (bytes != null) {
            out.write(bytes, 0, Math.min(bytes.length, MAX_OUTPUT_BYTES - out.size()));
        }
    }
}
