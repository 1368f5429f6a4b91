package io.skiff.launcher;

import io.skiff.launcher.sharing.ClassDataSharing;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code skiff} command. */
@Command(
        name = "skiff",
        mixinStandardHelpOptions = true,
        versionProvider = SkiffVersion.class,
        description = {
            "Skiff is a lightweight Kubernetes: a Spring Boot control plane that keeps its state in PostgreSQL.",
            "Real kubectl, Helm and Kubernetes client libraries work against it unchanged."
        },
        subcommands = {
            ServerCommand.class,
            AgentCommand.class,
            NodeCertificateCommand.class,
            BackupCommand.class,
            RestoreCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Start a cluster:   skiff server",
            "Then:              kubectl --kubeconfig ~/.skiff/kubeconfig.yaml get namespaces",
            "Join a machine:    skiff agent --server URL --token $(cat ~/.skiff/server/token)",
            "Back up:           skiff backup FILE",
            "Restore:           skiff restore FILE   (with the server stopped)"
        })
public final class SkiffMain implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        ClassDataSharing.relaunchIfUseful(args);
        int exit = commandLine().execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /**
     * The command line as {@code main} runs it: a command that fails says why in one line (the
     * server's own failures are logged in full by Spring Boot before they reach here).
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SkiffMain());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("skiff " + commandLine.getCommandName() + ": " + describe(e));
            return 1;
        });
        return cli;
    }

    /** An exception's message followed by its causes' ones: "could not connect: Connection refused". */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 1000; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.length() == 0 ? "" : ": ").append(message);
            }
        }
        return text.toString();
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
