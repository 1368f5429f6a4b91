package io.skiff.kubelet.runtime.process;

import io.skiff.kubelet.cri.ContainerRuntimeException;
import io.skiff.kubelet.cri.ExecProcess;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A command exec'd beside a container of the process runtime: a host process in the container's
 * working directory with its environment, as {@code execSync} runs one, but with its streams
 * handed to the caller. A TTY is a pseudo-terminal from util-linux's {@code script}, which runs the
 * command on a new terminal and copies between it and its own pipes (the terminal's size stays at
 * its default: resizes cannot reach it). Closing kills the command and whatever it started.
 */
final class HostExec implements ExecProcess {

    /** util-linux's script(1), which every Debian has (bsdutils is essential). */
    static final Path SCRIPT = Path.of("/usr/bin/script");

    private final Process process;
    private final ProcessTree tree;
    private final CompletableFuture<Integer> exitCode;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HostExec(Process process) {
        this.process = process;
        this.tree = new ProcessTree(process.toHandle());
        this.exitCode = process.onExit().thenApply(Process::exitValue);
    }

    static HostExec start(List<String> command, Path workingDir, Map<String, String> environment, boolean tty) {
        if (command.isEmpty()) {
            throw new ContainerRuntimeException("exec needs a command");
        }
        if (tty && !Files.isExecutable(SCRIPT)) {
            throw new ContainerRuntimeException("the process runtime gives exec a TTY through " + SCRIPT
                    + " (util-linux), which is not installed on this node");
        }
        ProcessBuilder builder = new ProcessBuilder(tty ? onTerminal(command) : command).directory(workingDir.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            return new HostExec(builder.start());
        } catch (IOException e) {
            throw new ContainerRuntimeException(e.getMessage(), e);
        }
    }

    /**
     * {@code script -q -e -f -c <command> /dev/null}: quiet, the command's exit status as its own,
     * output flushed as it comes, no typescript kept. script hands the command line to a shell, so
     * each argument is quoted for it.
     */
    static List<String> onTerminal(List<String> command) {
        List<String> quoted = new ArrayList<>();
        for (String argument : command) {
            quoted.add("'" + argument.replace("'", "'\\''") + "'");
        }
        return List.of(SCRIPT.toString(), "-q", "-e", "-f", "-c", String.join(" ", quoted), "/dev/null");
    }

    @Override
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return process.getErrorStream();
    }

    @Override
    public CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        tree.kill();
        closeQuietly(process.getOutputStream());
        closeQuietly(process.getInputStream());
        closeQuietly(process.getErrorStream());
    }

    private static void closeQuietly(Closeable stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // already closed or broken: nothing more to release
        }
    }
}
