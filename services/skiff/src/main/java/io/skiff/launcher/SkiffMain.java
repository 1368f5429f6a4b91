package io.skiff.launcher;

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
        subcommands = {ServerCommand.class, CommandLine.HelpCommand.class},
        footer = {
            "",
            "Start a cluster:   skiff server",
            "Then:              kubectl --kubeconfig ~/.skiff/kubeconfig.yaml get namespaces"
        })
public final class SkiffMain implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int exit = new CommandLine(new SkiffMain()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
