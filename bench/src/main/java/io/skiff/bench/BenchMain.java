package io.skiff.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Benchmarks against a running server on loopback. Figures go to stdout as JSON lines (DESIGN.md
 * §3), a readable summary to stderr; bench/run.sh runs them all and docs/benchmarks.md records them.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Skiff benchmarks. Each subcommand loads one server on loopback for a bounded time.",
        subcommands = {
            CreateThroughputBench.class,
            WriteLatencyBench.class,
            NoisyNeighborBench.class,
            WatchLatencyBench.class,
            EtcdPutBench.class,
            SchedulerThroughputBench.class,
            DeploymentRolloutBench.class,
            PodStartupBench.class,
            HollowDensityBench.class,
            DnsQueriesBench.class,
            NetworkProgrammingBench.class,
            UserspaceProxyBench.class,
            CommandLine.HelpCommand.class
        })
public final class BenchMain implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new BenchMain())
                // The last value of an option wins, so BENCH_OPTS in run.sh can override its defaults.
                .setOverwrittenOptionsAllowed(true)
                // A benchmark that cannot reach its server says so in one line; a stack trace adds nothing.
                .setExecutionExceptionHandler((error, command, parsed) -> {
                    command.getErr().println(command.getCommandName() + ": " + error);
                    return 1;
                });
        // Exit explicitly: HTTP client and load threads must not keep a finished benchmark alive.
        System.exit(commandLine.execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
