package io.skiff.bench;

import io.skiff.bench.http.ConfigMapBodies;
import io.skiff.bench.http.HttpClients;
import io.skiff.bench.http.SkiffApi;
import io.skiff.bench.load.PacedResult;
import io.skiff.bench.load.PacedWriter;
import io.skiff.bench.probe.ServerProbe;
import io.skiff.bench.report.JsonLines;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "write-latency",
        mixinStandardHelpOptions = true,
        description = {
            "Latency of ConfigMap writes at a steady rate.",
            "Half creates, half updates, paced open-loop: latency counts from when each write was due,",
            "so server stalls are not hidden."
        })
final class WriteLatencyBench implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Option(names = "--rate", defaultValue = "200", description = "Writes per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--duration",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Measured time (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--warmup",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description =
                    "Unmeasured writes first; they also create the objects later updated (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--payload-bytes",
            defaultValue = "1024",
            description = "Size of each ConfigMap's JSON (default: ${DEFAULT-VALUE}).")
    int payloadBytes;

    @Option(
            names = "--max-in-flight",
            defaultValue = "256",
            description = "Writes allowed to wait for an answer at once; beyond it writes are dropped and"
                    + " counted as errors (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Override
    public Integer call() throws Exception {
        HttpClient client = HttpClients.loopbackHttp11();
        SkiffApi api = new SkiffApi(client, target.server);
        String namespace = SkiffApi.uniqueNamespace("bench-write");
        api.createNamespace(namespace);
        PacedWriter writer = new PacedWriter(api, namespace, new ConfigMapBodies(payloadBytes), rate, maxInFlight);
        ServerProbe probe = target.probe(client);

        System.err.printf("skiff.write: warming up for %d s at %.0f writes/s%n", warmup.toSeconds(), rate);
        writer.run(warmup, write -> {});
        ServerProbe.Snapshot start = probe.snapshot();
        PacedResult result = writer.run(duration, write -> {});
        ServerProbe.Snapshot end = probe.snapshot();

        JsonLines out = new JsonLines(System.out, "skiff.write")
                .with("rate", rate)
                .with("duration_s", duration.toSeconds())
                .with("payload_bytes", payloadBytes);
        out.metric("throughput", result.achievedRate(), "ops/s");
        out.latency("latency", result.latency());
        out.metric("errors", result.failed(), "count");
        System.err.printf(
                "skiff.write: %.1f writes/s (%d creates, %d updates); latency from due time %s; %d errors %s%n",
                result.achievedRate(),
                result.creates(),
                result.updates(),
                result.latency(),
                result.failed(),
                result.failures());
        ServerProbe.report(start, end, out, System.err);
        return 0;
    }
}
