package io.skiff.kubelet.server;

import java.util.List;
import java.util.function.Function;

/**
 * An exec request as the kubelet reads its query (the remote command server's NewOptions): the
 * command (repeated {@code command}), and which streams the client wants, each on when its
 * parameter is "1": {@code input}, {@code output}, {@code error}, {@code tty}. A TTY carries the
 * command's stderr on its stdout, so stderr is dropped with one.
 */
record ExecOptions(List<String> command, boolean stdin, boolean stdout, boolean stderr, boolean tty) {

    static ExecOptions from(Function<String, List<String>> query) {
        boolean tty = on(query, "tty");
        boolean stdin = on(query, "input");
        boolean stdout = on(query, "output");
        boolean stderr = on(query, "error") && !tty;
        if (!stdin && !stdout && !stderr) {
            throw new ExecRefusal(400, "you must specify at least 1 of stdin, stdout, stderr");
        }
        List<String> command = query.apply("command");
        if (command == null || command.isEmpty()) {
            throw new ExecRefusal(400, "you must specify at least one command for the container");
        }
        return new ExecOptions(List.copyOf(command), stdin, stdout, stderr, tty);
    }

    private static boolean on(Function<String, List<String>> query, String name) {
        List<String> values = query.apply(name);
        return values != null && !values.isEmpty() && "1".equals(values.get(0));
    }
}
