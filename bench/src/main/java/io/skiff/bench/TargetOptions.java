package io.skiff.bench;

import io.skiff.bench.http.LoopbackUri;
import io.skiff.bench.probe.ServerProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which server to load, and how to see inside it while it runs. */
final class TargetOptions {

    @Option(
            names = "--server",
            required = true,
            paramLabel = "URL",
            converter = LoopbackUri.class,
            description = "Base URL of the server under test; loopback only, e.g. http://127.0.0.1:18443.")
    URI server;

    @Option(
            names = "--metrics-url",
            paramLabel = "URL",
            converter = LoopbackUri.class,
            description = "Prometheus endpoint of the server (loopback only), e.g."
                    + " http://127.0.0.1:18444/actuator/prometheus, for storage commit figures.")
    URI metricsUrl;

    @Option(
            names = "--cpu-pid",
            paramLabel = "LABEL=PID",
            description = "A server process whose CPU use (with its children) to report, e.g. skiff=1234."
                    + " Repeat for each process, e.g. also postgres=<postmaster pid>.")
    Map<String, Long> cpuPids = new LinkedHashMap<>();

    ServerProbe probe(HttpClient client) {
        return new ServerProbe(client, metricsUrl, cpuPids);
    }
}
