package io.skiff.kubelet.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A short-lived host program (ip, mount, unshare, a CNI plugin, runc) run to completion with a
 * deadline, its input given and its output captured. A program still running at the deadline is
 * killed and reported as timed out.
 */
public final class HostCommand {

    private final List<String> argv;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> removedEnvironment = new ArrayList<>();
    private byte[] stdin = new byte[0];
    private Duration timeout = Duration.ofSeconds(30);

    private HostCommand(List<String> argv) {
        this.argv = List.copyOf(argv);
    }

    public static HostCommand of(List<String> argv) {
        return new HostCommand(argv);
    }

    public static HostCommand of(String... argv) {
        return new HostCommand(List.of(argv));
    }

    /** Sets a variable on top of the JVM's environment. */
    public HostCommand env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Removes variables inherited from the JVM whose names start with {@code prefix}. */
    public HostCommand withoutInherited(String prefix) {
        removedEnvironment.add(prefix);
        return this;
    }

    public HostCommand stdin(byte[] input) {
        this.stdin = input.clone();
        return this;
    }

    public HostCommand timeout(Duration deadline) {
        this.timeout = deadline;
        return this;
    }

    public List<String> argv() {
        return argv;
    }

    /** Runs the program and waits for it; throws only when it cannot be started or times out. */
    public Result run() {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment()
                .keySet()
                .removeIf(name -> removedEnvironment.stream().anyMatch(name::startsWith));
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv.get(0), e);
        }
        CompletableFuture<byte[]> out = drain(process.getInputStream());
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException ignored) {
            // The program exited without reading its input; its exit code tells what happened.
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new HostCommandTimeoutException(argv, timeout);
            }
            return new Result(process.exitValue(), collect(out), collect(err));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + argv.get(0), e);
        }
    }

    /** Runs the program and returns its result, throwing when it exits non-zero. */
    public Result runChecked() {
        Result result = run();
        if (result.exitCode() != 0) {
            throw new HostCommandException(argv, result);
        }
        return result;
    }

    private CompletableFuture<byte[]> drain(InputStream stream) {
        CompletableFuture<byte[]> output = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (stream) {
                        output.complete(stream.readAllBytes());
                    } catch (IOException e) {
                        output.complete(new byte[0]);
                    }
                },
                "host-command-output");
        reader.setDaemon(true);
        reader.start();
        return output;
    }

    private static byte[] collect(CompletableFuture<byte[]> output) throws InterruptedException {
        try {
            // A grandchild that kept the pipe open must not hold the caller forever.
            return output.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return new byte[0];
        }
    }

    /** What the program wrote and how it exited. */
    public record Result(int exitCode, byte[] stdout, byte[] stderr) {

        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        public String stderrText() {
            return new String(stderr, StandardCharsets.UTF_8);
        }

        /** The program's complaint: stderr, or stdout when stderr is empty, trimmed. */
        public String diagnostic() {
            String text = stderrText().trim();
            return text.isEmpty() ? stdoutText().trim() : text;
        }
    }

    /** A program exited non-zero. */
    public static final class HostCommandException extends RuntimeException {

        private final transient Result result;

        HostCommandException(List<String> argv, Result result) {
            super(String.join(" ", argv) + " exited with " + result.exitCode() + ": " + result.diagnostic());
            this.result = result;
        }

        public Result result() {
            return result;
        }
    }

    /** A program did not finish before its deadline and was killed. */
    public static final class HostCommandTimeoutException extends RuntimeException {

        HostCommandTimeoutException(List<String> argv, Duration timeout) {
            super(String.join(" ", argv) + " did not finish within " + timeout);
        }
    }
}
