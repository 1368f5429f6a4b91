package io.skiff.kubelet.runtime.runc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skiff.kubelet.network.HostCommand;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code runc} command line, with the runtime's own state directory ({@code --root}) so its
 * containers are kept apart from any other runc user's, and runc's own messages written as JSON to
 * a log file per call, where its errors are read back from.
 */
final class RuncCli {

    private final String binary;
    private final Path root;
    private final Duration timeout;
    private final ObjectMapper json;

    RuncCli(String binary, Path root, Duration timeout, ObjectMapper json) {
        this.binary = binary;
        this.root = root;
        this.timeout = timeout;
        this.json = json;
    }

    /** runc's version ("1.1.5+ds1"), from {@code runc --version}. */
    String version() {
        String output = HostCommand.of(binary, "--version")
                .timeout(timeout)
                .runChecked()
                .stdoutText();
        for (String line : output.split("\n")) {
            if (line.startsWith("runc version ")) {
                return line.substring("runc version ".length()).trim();
            }
        }
        throw new IllegalStateException("cannot read runc's version from: " + output);
    }

    /**
     * Starts {@code runc run --keep} in the foreground: runc creates and starts the container, stays
     * its parent and exits with its exit status (128 + the signal when a signal ended it), keeping
     * its state and cgroup for {@link #delete}. The container's stdout and stderr are the returned
     * process's; its stdin is empty. The pid file appears once the container's process started.
     */
    Process run(String id, Path bundle, Path pidFile, Path logFile) throws IOException {
        List<String> argv = global(logFile);
        argv.addAll(List.of("run", "--bundle", bundle.toString(), "--pid-file", pidFile.toString(), "--keep", id));
        return new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    /** Starts {@code runc exec}: {@code command} in the running container, with its process settings. */
    Process exec(String id, List<String> command, Path pidFile, Path logFile) throws IOException {
        List<String> argv = global(logFile);
        argv.addAll(List.of("exec", "--pid-file", pidFile.toString(), id));
        argv.addAll(command);
        return new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    /**
     * Starts {@code runc exec} with the returned process's stdin, stdout and stderr as the
     * command's (runc copies between them and pipes to the command): for kubectl exec.
     */
    Process execAttached(String id, List<String> command, Path pidFile, Path logFile) throws IOException {
        List<String> argv = global(logFile);
        argv.addAll(List.of("exec", "--pid-file", pidFile.toString(), id));
        argv.addAll(command);
        return new ProcessBuilder(argv).start();
    }

    /** The container's status ("created", "running", "stopped") and pid; empty when runc has no such container. */
    Optional<State> state(String id) {
        HostCommand.Result result = HostCommand.of(binary, "--root", root.toString(), "state", id)
                .timeout(timeout)
                .run();
        if (result.exitCode() != 0) {
            return Optional.empty();
        }
        try {
            JsonNode state = json.readTree(result.stdout());
            return Optional.of(
                    new State(state.path("status").asText(), state.path("pid").asLong()));
        } catch (IOException e) {
            throw new IllegalStateException("runc state " + id + " printed no JSON: " + result.stdoutText(), e);
        }
    }

    /** Sends {@code signal} ("SIGTERM", "KILL", "15") to the container's init process. */
    HostCommand.Result kill(String id, String signal) {
        return HostCommand.of(binary, "--root", root.toString(), "kill", id, signal)
                .timeout(timeout)
                .run();
    }

    /** Deletes the container's state and cgroup, killing it if it still runs; an unknown id is fine. */
    void delete(String id) {
        HostCommand.Result result = HostCommand.of(binary, "--root", root.toString(), "delete", "--force", id)
                .timeout(timeout)
                .run();
        if (result.exitCode() != 0 && state(id).isPresent()) {
            throw new IllegalStateException("runc delete " + id + " failed: " + result.diagnostic());
        }
    }

    /** The ids of every container in this runtime's state directory. */
    List<String> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        String output = HostCommand.of(binary, "--root", root.toString(), "list", "--quiet")
                .timeout(timeout)
                .runChecked()
                .stdoutText();
        return Arrays.stream(output.split("\n"))
                .map(String::trim)
                .filter(id -> !id.isEmpty())
                .toList();
    }

    /** The last error runc logged to {@code logFile}, or empty. */
    Optional<String> lastError(Path logFile) {
        if (!Files.exists(logFile)) {
            return Optional.empty();
        }
        String error = null;
        try {
            for (String line : Files.readAllLines(logFile)) {
                try {
                    JsonNode entry = json.readTree(line);
                    String level = entry.path("level").asText();
                    if (level.equals("error") || level.equals("fatal")) {
                        error = entry.path("msg").asText();
                    }
                } catch (IOException notJson) {
                    // runc's child processes may write plain text; only its JSON entries count.
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(error);
    }

    private List<String> global(Path logFile) {
        return new ArrayList<>(
                List.of(binary, "--root", root.toString(), "--log", logFile.toString(), "--log-format", "json"));
    }

    record State(String status, long pid) {}
}
