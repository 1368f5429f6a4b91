package io.skiff.bench;

import io.skiff.bench.http.ConfigMapBodies;
import io.skiff.bench.http.HttpClients;
import io.skiff.bench.http.LoopbackUri;
import io.skiff.bench.http.SkiffApi;
import io.skiff.bench.load.CommittedWrite;
import io.skiff.bench.load.PacedResult;
import io.skiff.bench.load.PacedWriter;
import io.skiff.bench.probe.ServerProbe;
import io.skiff.bench.report.JsonLines;
import io.skiff.bench.watch.DeliveryReport;
import io.skiff.bench.watch.WatchFleet;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.ToLongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

@Command(
        name = "watch-latency",
        mixinStandardHelpOptions = true,
        description = {
            "Watch event latency with many watchers on one namespace.",
            "Measures from just before each write is sent until each watcher receives its event, while",
            "ConfigMaps are written at a steady rate (half creates, half updates).",
            "With --watch-server the watches go to another API server on the same database than the",
            "writes: what one server commits must reach the watches of the other."
        })
final class WatchLatencyBench implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Option(
            names = "--watch-server",
            paramLabel = "URL",
            converter = LoopbackUri.class,
            description = "Open the watches on this API server instead of --server (loopback only), e.g. a"
                    + " second API server on the same PostgreSQL.")
    URI watchServer;

    @Option(
            names = "--latency-from",
            defaultValue = "before-send",
            converter = LatencyStartConverter.class,
            description = "Where each event's latency starts: before-send (just before the write is sent) or ack"
                    + " (when the write's answer arrived; an event that came first counts as 0)"
                    + " (default: ${DEFAULT-VALUE}).")
    LatencyStart latencyFrom;

    /** Where each event's latency starts. */
    enum LatencyStart {
        BEFORE_SEND(CommittedWrite::sentNanos),
        ACK(CommittedWrite::ackedNanos);

        private final ToLongFunction<CommittedWrite> start;

        LatencyStart(ToLongFunction<CommittedWrite> start) {
            this.start = start;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    static final class LatencyStartConverter implements ITypeConverter<LatencyStart> {
        @Override
        public LatencyStart convert(String value) {
            for (LatencyStart start : LatencyStart.values()) {
                if (start.label().equals(value)) {
                    return start;
                }
            }
            throw new TypeConversionException("expected before-send or ack, got '" + value + "'");
        }
    }

    @Option(names = "--watchers", defaultValue = "200", description = "Concurrent watches (default: ${DEFAULT-VALUE}).")
    int watchers;

    @Option(names = "--rate", defaultValue = "500", description = "Writes per second (default: ${DEFAULT-VALUE}).")
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
            description = "Unmeasured writes first (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--payload-bytes",
            defaultValue = "1024",
            description = "Size of each ConfigMap's JSON (default: ${DEFAULT-VALUE}).")
    int payloadBytes;

    @Option(
            names = "--max-in-flight",
            defaultValue = "256",
            description = "Writes allowed to wait for an answer at once (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(
            names = "--sync-timeout",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long to wait for every watch to deliver a marker object (default: ${DEFAULT-VALUE}).")
    Duration syncTimeout;

    @Override
    public Integer call() throws Exception {
        HttpClient writeClient = HttpClients.loopbackHttp11();
        SkiffApi api = new SkiffApi(writeClient, target.server);
        HttpClient watchClient = HttpClients.loopbackHttp11();
        URI watched = watchServer != null ? watchServer : target.server;
        SkiffApi watchApi = new SkiffApi(watchClient, watched);
        String namespace = SkiffApi.uniqueNamespace("bench-watch");
        String namespaceVersion = api.createNamespace(namespace);
        PacedWriter writer = new PacedWriter(api, namespace, new ConfigMapBodies(payloadBytes), rate, maxInFlight);
        ServerProbe probe = target.probe(writeClient);
        JsonLines out = new JsonLines(System.out, "skiff.watch")
                .with("watchers", watchers)
                .with("rate", rate)
                .with("duration_s", duration.toSeconds())
                .with("payload_bytes", payloadBytes)
                .with("latency_from", latencyFrom.label())
                .with("watch_server", watched.equals(target.server) ? "same" : "other");

        try (WatchFleet fleet = WatchFleet.open(watchClient, watchApi, api, namespace, namespaceVersion, watchers)) {
            long notLive = fleet.sync("marker-start", syncTimeout);
            if (notLive > 0) {
                System.err.printf(
                        "skiff.watch: %d of %d watches delivered nothing within %d s: %s%n",
                        notLive, watchers, syncTimeout.toSeconds(), fleet.failures());
                return 1;
            }
            System.err.printf(
                    "skiff.watch: %d watches live; warming up for %d s at %.0f writes/s%n",
                    watchers, warmup.toSeconds(), rate);
            writer.run(warmup, write -> {});

            Queue<CommittedWrite> measured = new ConcurrentLinkedQueue<>();
            ServerProbe.Snapshot start = probe.snapshot();
            PacedResult writes = writer.run(duration, measured::add);
            long lagging = fleet.sync("marker-end", syncTimeout);
            ServerProbe.Snapshot end = probe.snapshot();
            List<String> broken = fleet.failures();
            DeliveryReport deliveries = fleet.deliveries(measured, latencyFrom.start);

            out.latency("latency", deliveries.latency());
            if (latencyFrom == LatencyStart.ACK) {
                // Events often arrive before the writer has read its answer (counted as 0 above);
                // the send-based figures show how far ahead of the answer they are.
                out.latency(
                        "latency_from_send",
                        fleet.deliveries(measured, LatencyStart.BEFORE_SEND.start)
                                .latency());
            }
            out.metric("events_delivered", deliveries.delivered(), "count");
            out.metric("events_expected", deliveries.expected(), "count");
            out.metric("events_out_of_order", deliveries.outOfOrder(), "count");
            out.metric("events_wrong_object", deliveries.nameMismatches(), "count");
            out.metric("broken_watches", broken.size(), "count");
            out.metric("write_throughput", writes.achievedRate(), "ops/s");
            out.metric("write_latency_p99", writes.latency().p99Ms(), "ms");
            out.metric("write_errors", writes.failed(), "count");
            System.err.printf(
                    "skiff.watch: event latency (from %s, watches on %s) %s%n"
                            + "  events delivered %d of %d expected; %d out of order, %d for the wrong object,"
                            + " %d malformed lines; %d watches broken, %d still lagging after %d s %s%n"
                            + "  writes %.1f/s, latency %s, %d errors %s%n",
                    latencyFrom == LatencyStart.ACK ? "each write's answer" : "just before each write was sent",
                    watched,
                    deliveries.latency(),
                    deliveries.delivered(),
                    deliveries.expected(),
                    deliveries.outOfOrder(),
                    deliveries.nameMismatches(),
                    deliveries.malformed(),
                    broken.size(),
                    lagging,
                    syncTimeout.toSeconds(),
                    broken.stream().distinct().limit(3).toList(),
                    writes.achievedRate(),
                    writes.latency(),
                    writes.failed(),
                    writes.failures());
            ServerProbe.report(start, end, out, System.err);
        }
        return 0;
    }
}
