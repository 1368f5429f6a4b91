package io.skiff.proxy.nodenet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The node's network, where the proxy runs iptables, ip and sysctl: the proxy's own network, or a
 * network namespace (tests and benchmarks keep each node's network in one), entered with {@code
 * nsenter --net=PATH} so that no tool needs to know about namespaces.
 */
public final class NodeNetwork {

    private final String namespacePath;
    private final Duration timeout;

    /** @param namespacePath a network namespace path or bare name; null or blank for the proxy's own */
    public NodeNetwork(String namespacePath, Duration timeout) {
        this.namespacePath = namespacePath == null || namespacePath.isBlank()
                ? null
                : namespacePath.contains("/") ? namespacePath : "/run/netns/" + namespacePath;
        this.timeout = timeout;
    }

    /** The namespace path, or null for the proxy's own network. */
    public String namespacePath() {
        return namespacePath;
    }

    /** Runs a command, failing with its output when it exits non-zero. */
    public String run(String... command) {
        return runWithInput(null, command);
    }

    /** Runs a command with {@code input} on its standard input. */
    public String runWithInput(String input, String... command) {
        Result result = tryRun(input, command);
        if (result.exitCode() != 0) {
            throw new CommandFailedException(String.join(" ", command) + " exited " + result.exitCode() + ": "
                    + result.output().strip());
        }
        return result.output();
    }

    /** Runs a command and returns its exit code and output (stdout and stderr) whatever they are. */
    public Result tryRun(String input, String... command) {
        List<String> full = new ArrayList<>();
        if (namespacePath != null) {
            full.add("nsenter");
            full.add("--net=" + namespacePath);
        }
        full.addAll(List.of(command));
        Process process;
        try {
            process = new ProcessBuilder(full).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new CommandFailedException("cannot run " + full.get(0) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The command may exit before reading all input; its exit code tells.
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new CommandFailedException(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), output.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandFailedException(String.join(" ", command) + " interrupted", e);
        } catch (Exception e) {
            throw new CommandFailedException(String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    private static String readAll(InputStream in) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** A command's exit code and combined output. */
    public record Result(int exitCode, String output) {}

    /** A command failed or could not run. */
    public static final class CommandFailedException extends RuntimeException {
        public CommandFailedException(String message) {
            super(message);
        }

        public CommandFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
