package io.skiff.bench;

import io.skiff.bench.http.HttpClients;
import io.skiff.bench.http.SkiffApi;
import io.skiff.bench.pods.PodStateWatch;
import io.skiff.bench.report.JsonLines;
import io.skiff.bench.report.LatencyRecorder;
import io.skiff.bench.report.LatencySummary;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Pod startup latency as Kubernetes' SLO defines it for stateless pods with their image present:
 * from the create request to the pod seen Running, with every container started, through a watch.
 * The server must run the scheduler and a kubelet on a real runtime ({@code skiff server}); the
 * image is pulled once by a first, unmeasured pod. bench/pod-startup.sh sets all of it up with runc
 * inside a network namespace of its own.
 */
@Command(
        name = "pod-startup",
        mixinStandardHelpOptions = true,
        description = "Create → Running latency (p50/p99) of pods whose image is present, seen through a watch.")
final class PodStartupBench implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Option(
            names = "--image",
            required = true,
            paramLabel = "IMAGE",
            description = "The pods' image, e.g. 127.0.0.1:5000/busybox:1 (pulled once before measuring).")
    String image;

    @Option(names = "--pods", defaultValue = "100", description = "Pods measured (default: ${DEFAULT-VALUE}).")
    int pods;

    @Option(
            names = "--rate",
            defaultValue = "5",
            description =
                    "Pods created per second, as Kubernetes' density test paces them (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--max-running",
            defaultValue = "30",
            description = "Measured pods kept at once: older ones are deleted as new ones start, so the node never"
                    + " fills up (default: ${DEFAULT-VALUE}).")
    int maxRunning;

    @Option(
            names = "--timeout",
            defaultValue = "120",
            description = "Seconds a pod may take to run before the run fails (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        if (pods < 1 || rate <= 0 || maxRunning < 1) {
            throw new IllegalArgumentException("--pods, --rate and --max-running must be positive");
        }
        HttpClient client = HttpClients.loopbackHttp11();
        SkiffApi api = new SkiffApi(client, target.server);
        String namespace = SkiffApi.uniqueNamespace("bench-startup");
        String from = api.createNamespace(namespace);
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        JsonLines out = new JsonLines(System.out, "skiff.pod.startup")
                .with("pods", pods)
                .with("rate", rate)
                .with("image", image);
        Map<String, Long> createdAt = new ConcurrentHashMap<>();
        LatencyRecorder latencies = new LatencyRecorder();
        try (PodStateWatch running =
                new PodStateWatch(client, target.server, namespace, from, PodStateWatch.RUNNING_AND_STARTED)) {
            long warmStart = System.nanoTime();
            create(api, client, namespace, "warmup");
            if (running.awaitPod("warmup", timeout) < 0) {
                throw new IOException("the warm-up pod did not run within " + timeout.toSeconds()
                        + " s; is a kubelet with a real runtime registered? pod: "
                        + api.client()
                                .send(api.getPod(namespace, "warmup"), HttpResponse.BodyHandlers.ofString())
                                .body());
            }
            System.err.printf(
                    "skiff.pod.startup: warm-up pod (image pull included) ran in %.2f s%n",
                    (System.nanoTime() - warmStart) / 1e9);
            delete(api, namespace, "warmup");

            long intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / rate);
            long next = System.nanoTime();
            for (int i = 0; i < pods; i++) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                next += intervalNanos;
                String name = "startup-" + i;
                createdAt.put(name, System.nanoTime());
                create(api, client, namespace, name);
                if (i >= maxRunning) {
                    String oldest = "startup-" + (i - maxRunning);
                    record(running, oldest, createdAt, latencies, timeout);
                    delete(api, namespace, oldest);
                }
            }
            for (int i = Math.max(0, pods - maxRunning); i < pods; i++) {
                record(running, "startup-" + i, createdAt, latencies, timeout);
            }
        } finally {
            api.deleteNamespace(namespace);
        }
        LatencySummary summary = latencies.summary();
        out.latency("create_to_running", summary);
        System.err.printf("skiff.pod.startup: %d pods at %.1f/s, create → Running %s%n", pods, rate, summary);
        return 0;
    }

    private static void record(
            PodStateWatch running,
            String name,
            Map<String, Long> createdAt,
            LatencyRecorder latencies,
            Duration timeout)
            throws IOException, InterruptedException {
        long runningAt = running.awaitPod(name, timeout);
        if (runningAt < 0) {
            throw new IOException("pod " + name + " did not run within " + timeout.toSeconds() + " s");
        }
        latencies.recordNanos(runningAt - createdAt.get(name));
    }

    private void create(SkiffApi api, HttpClient client, String namespace, String name)
            throws IOException, InterruptedException {
        // sleep as PID 1 ignores SIGTERM: a grace period of 1 s keeps the deletions short.
        String pod = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"bench":"pod-startup"}},
                 "spec":{"terminationGracePeriodSeconds":1,
                  "containers":[{"name":"main","image":"%s","imagePullPolicy":"IfNotPresent",
                   "command":["sleep","3600"],
                   "resources":{"requests":{"cpu":"1m","memory":"4Mi"}}}]}}""".formatted(name, image);
        HttpResponse<String> response = client.send(
                api.createPod(namespace, pod.getBytes(StandardCharsets.UTF_8)), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IOException("creating pod " + name + ": " + response.statusCode() + " " + response.body());
        }
    }

    private static void delete(SkiffApi api, String namespace, String name) throws IOException, InterruptedException {
        api.client().send(api.deletePod(namespace, name), HttpResponse.BodyHandlers.discarding());
    }
}
