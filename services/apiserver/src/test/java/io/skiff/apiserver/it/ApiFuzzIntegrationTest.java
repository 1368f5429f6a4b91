package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.it.HostileRequests.Target;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.model.json.KubeJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Throws {@value #REQUESTS} malformed, oversized and deeply nested requests at a real API server,
 * from several senders at once, and checks that every answer is a Kubernetes Status with a client
 * error code (never a 5xx, never a hang), that the server still serves afterwards, that its heap is
 * where it was, and that the objects the hostile writes were aimed at are byte for byte unchanged.
 *
 * <p>The generator is seeded: {@code -Dfuzz.seed=N} repeats a run (the seed is printed).
 */
class ApiFuzzIntegrationTest {

    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 100_000);
    private static final int SENDERS = Integer.getInteger("fuzz.senders", 6);
    private static final Duration TIME_BOUND = Duration.ofSeconds(Long.getLong("fuzz.seconds", 75));
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    /** Heap used after a GC may grow by at most this much across the run. */
    private static final long HEAP_GROWTH_BOUND = 64L * 1024 * 1024;

    /** The codes a hostile request may get, each with a Status body. */
    private static final Set<Integer> CLIENT_ERRORS = Set.of(400, 403, 404, 405, 406, 409, 410, 413, 415, 422, 429);

    private static final List<String> NAMESPACES = List.of("fuzz-a", "fuzz-b");

    private static ApiServerInstance server;
    private static KubeHttp http;
    private static final List<Target> targets = new ArrayList<>();
    private static final Map<String, byte[]> before = new LinkedHashMap<>();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Map<String, Map<Integer, LongAdder>> histogram = new ConcurrentHashMap<>();
    /** Failures by category and kind of problem: how many, and the first few requests. */
    private final Map<String, Examples> failures = new ConcurrentHashMap<>();
    /** Writes that succeeded, by category: expected to have changed nothing, shown to see why. */
    private final Map<String, Examples> acceptedWrites = new ConcurrentHashMap<>();

    private final AtomicInteger failureCount = new AtomicInteger();

    private static final class Examples {
        final LongAdder count = new LongAdder();
        final ConcurrentLinkedQueue<String> first = new ConcurrentLinkedQueue<>();

        void add(String example) {
            count.increment();
            if (first.size() < 3) {
                first.add(example);
            }
        }
    }

    @BeforeAll
    static void start() {
        server = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(server.baseUrl());
        for (String namespace : NAMESPACES) {
            assertThat(http.createNamespace(namespace).code()).isEqualTo(201);
            String core = "/api/v1/namespaces/" + namespace;
            for (int i = 0; i < 6; i++) {
                seed(
                        core + "/configmaps",
                        "v1",
                        "ConfigMap",
                        namespace,
                        "cm-" + i,
                        "{\"data\":{\"k\":\"v" + i + "\"}}");
            }
            for (int i = 0; i < 4; i++) {
                seed(core + "/secrets", "v1", "Secret", namespace, "secret-" + i, "{\"data\":{\"k\":\"c2VjcmV0\"}}");
            }
            for (int i = 0; i < 3; i++) {
                seed(
                        core + "/pods",
                        "v1",
                        "Pod",
                        namespace,
                        "p-" + i,
                        "{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
            }
            for (int i = 0; i < 3; i++) {
                seed(
                        core + "/services",
                        "v1",
                        "Service",
                        namespace,
                        "svc-" + i,
                        "{\"spec\":{\"selector\":{\"app\":\"fuzz\"},\"ports\":[{\"port\":80}]}}");
            }
            for (int i = 0; i < 3; i++) {
                seed(
                        "/apis/apps/v1/namespaces/" + namespace + "/deployments",
                        "apps/v1",
                        "Deployment",
                        namespace,
                        "deploy-" + i,
                        "{\"spec\":{\"replicas\":1,\"selector\":{\"matchLabels\":{\"app\":\"fuzz\"}},\"template\":{"
                                + "\"metadata\":{\"labels\":{\"app\":\"fuzz\"}},\"spec\":{\"containers\":[{\"name\":\"c\","
                                + "\"image\":\"busybox\"}]}}}}");
            }
        }
    }

    private static void seed(
            String collection, String apiVersion, String kind, String namespace, String name, String rest) {
        ObjectNode object = (ObjectNode) read(rest);
        object.put("apiVersion", apiVersion).put("kind", kind);
        ObjectNode metadata = object.putObject("metadata");
        metadata.put("name", name);
        metadata.putObject("labels").put("app", "fuzz");
        metadata.putArray("finalizers").add("example.com/keep");
        KubeHttp.Reply created = http.post(collection, object.toString());
        assertThat(created.code()).as("create %s/%s", collection, name).isEqualTo(201);
        targets.add(new Target(collection, name, namespace, apiVersion, kind, (ObjectNode) created.body()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void hostileRequestsGetStatusesAndChangeNothing() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("ApiFuzzIntegrationTest seed " + seed + " (repeat with -Dfuzz.seed=" + seed + ")");
        for (Target target : targets) {
            before.put(target.path(), getRaw(target.path()));
        }
        HostileRequests hostile = new HostileRequests(targets);

        // Warm up (JIT, pools, caches) before taking the heap figure the end is held to.
        SplittableRandom warmUp = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < 1_000; i++) {
            send(hostile.next(warmUp), false);
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapBefore = usedHeapAfterGc(memory);

        long started = System.nanoTime();
        long deadline = started + TIME_BOUND.toNanos();
        AtomicInteger sent = new AtomicInteger();
        for (FuzzRequest big : hostile.overLimit(new SplittableRandom(seed))) {
            send(big, true);
            sent.incrementAndGet();
        }
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> running = new ArrayList<>();
        SplittableRandom root = new SplittableRandom(seed);
        for (int s = 0; s < SENDERS; s++) {
            SplittableRandom random = root.split();
            running.add(senders.submit(() -> {
                while (System.nanoTime() < deadline && sent.getAndIncrement() < REQUESTS) {
                    send(hostile.next(random), true);
                }
                return null;
            }));
        }
        for (Future<?> sender : running) {
            sender.get(TIME_BOUND.toSeconds() + 60, TimeUnit.SECONDS);
        }
        senders.shutdown();
        long total = histogram.values().stream()
                .flatMap(codes -> codes.values().stream())
                .mapToLong(LongAdder::sum)
                .sum();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        long heapAfter = usedHeapAfterGc(memory);

        printHistogram(
                seed,
                total,
                took,
                heapBefore,
                heapAfter,
                memory.getHeapMemoryUsage().getMax());

        // Nothing the hostile writes were aimed at has changed.
        List<String> changed = new ArrayList<>();
        for (Target target : targets) {
            String now = new String(getRaw(target.path()), StandardCharsets.UTF_8);
            String then = new String(before.get(target.path()), StandardCharsets.UTF_8);
            if (!now.equals(then)) {
                changed.add(target.path() + "\n    before " + then + "\n    after  " + now);
            }
        }
        changed.forEach(change -> System.out.println("CHANGED " + change));

        assertThat(failureCount.get())
                .as("requests answered wrongly (see the FAILURE lines)")
                .isZero();
        assertThat(changed).as("seeded objects changed by the fuzzing").isEmpty();
        assertThat(total).as("requests sent within %s", TIME_BOUND).isGreaterThanOrEqualTo(REQUESTS);
        assertThat(heapAfter - heapBefore).as("heap growth after GC").isLessThan(HEAP_GROWTH_BOUND);

        // Still serving.
        assertThat(getCode("/readyz")).isEqualTo(200);
        KubeHttp.Reply created = http.post(
                "/api/v1/namespaces/fuzz-a/configmaps",
                KubeHttp.configMap("after", "k", "v").toString());
        assertThat(created.code()).isEqualTo(201);
        assertThat(http.get("/api/v1/namespaces/fuzz-a/configmaps/after").text("/data/k"))
                .isEqualTo("v");
    }

    // --- sending ---

    private void send(FuzzRequest request, boolean record) {
        Answer answer;
        try {
            answer = request.raw() ? sendRaw(request) : sendHttp(request);
        } catch (java.net.http.HttpTimeoutException | java.net.SocketTimeoutException e) {
            fail(request, "no answer within " + REQUEST_TIMEOUT + " (hang)", "");
            count(request, record, -1);
            return;
        } catch (IOException e) {
            fail(request, "connection failed", e.toString());
            count(request, record, -2);
            return;
        } catch (IllegalArgumentException e) {
            fail(request, "the client refused to send it (use a raw request)", e.getMessage());
            count(request, record, -3);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        count(request, record, answer.code());
        String problem = check(request, answer);
        if (problem != null) {
            fail(request, problem, "got " + answer.code() + ": " + preview(answer.body()));
        } else if (answer.code() < 300
                && !request.method().equals("GET")
                && !request.method().equals("HEAD")) {
            acceptedWrites
                    .computeIfAbsent(request.category() + " " + answer.code(), k -> new Examples())
                    .add(request + "\n      -> " + preview(answer.body()));
            String changed = changedTarget(request, answer);
            if (changed != null) {
                // Seen at the end too; here the request that did it is known.
                fail(request, "changed " + changed, preview(answer.body()));
            }
        }
    }

    private record Answer(int code, String contentType, byte[] body) {}

    private Answer sendHttp(FuzzRequest request) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher body = request.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        if (request.category().endsWith("-chunked")) {
            body = HttpRequest.BodyPublishers.fromPublisher(body); // no length: sent chunked
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server.baseUrl() + request.path()))
                .timeout(REQUEST_TIMEOUT)
                .method(request.method(), body)
                .header("Accept", "application/json");
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        if (request.watch()) {
            HttpResponse<InputStream> response =
                    client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream stream = response.body()) {
                if (response.statusCode() == 200) {
                    return new Answer(200, null, new byte[0]); // a watch that started: hang up
                }
                return new Answer(response.statusCode(), contentType(response), stream.readAllBytes());
            }
        }
        HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), contentType(response), response.body());
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse(null);
    }

    /** One request on a socket of its own, written as it is; the answer read until the server closes. */
    private Answer sendRaw(FuzzRequest request) throws IOException {
        URI base = URI.create(server.baseUrl());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 5_000);
            socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
            byte[] body = request.body() == null ? new byte[0] : request.body();
            long declared = request.category().equals("declared-length")
                    ? HostileRequests.MAX_BODY + 1 + body.length * 1000L
                    : body.length;
            StringBuilder head = new StringBuilder();
            head.append(request.method()).append(' ').append(request.path()).append(" HTTP/1.1\r\n");
            head.append("Host: 127.0.0.1:").append(base.getPort()).append("\r\n");
            head.append("Accept: application/json\r\nConnection: close\r\n");
            if (request.contentType() != null) {
                head.append("Content-Type: ").append(request.contentType()).append("\r\n");
            }
            if (request.body() != null) {
                head.append("Content-Length: ").append(declared).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (!request.category().equals("declared-length")) {
                // (A declared length over the limit is answered from the headers alone; sending
                // bytes the server never reads would only make its close a reset.)
                out.write(body);
            }
            out.flush();
            return parseResponse(socket.getInputStream().readAllBytes());
        }
    }

    private static Answer parseResponse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new IOException("not an HTTP response: " + text.substring(0, Math.min(100, text.length())));
        }
        int code = Integer.parseInt(text.substring(9, 12));
        String contentType = null;
        boolean chunked = false;
        for (String line : text.substring(0, end).split("\r\n")) {
            String lower = line.toLowerCase();
            if (lower.startsWith("content-type:")) {
                contentType = line.substring(13).trim();
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        return new Answer(code, contentType, chunked ? dechunk(body) : body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, at);
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    // --- checking ---

    /** What is wrong with the answer, or null. */
    private static String check(FuzzRequest request, Answer answer) {
        int code = answer.code();
        if (code >= 500) {
            return "server error";
        }
        if (code < 400) {
            return null; // a read the oddity did not spoil, or a watch that started; writes are checked at the end
        }
        if (request.raw() && code == 400 && answer.body().length == 0 && !isUri(request.path())) {
            // A request target that is no URI at all (RFC 3986) is refused by the HTTP layer before
            // any handler runs, as Go's net/http refuses one for kube-apiserver: a bare 400.
            return null;
        }
        if (!CLIENT_ERRORS.contains(code)) {
            return "unexpected code";
        }
        if (request.method().equals("HEAD")) {
            return null; // no body to check
        }
        JsonNode status;
        try {
            status = KubeJson.mapper().readTree(answer.body());
        } catch (IOException e) {
            return "body is not JSON";
        }
        if (status == null
                || !status.path("kind").asText().equals("Status")
                || !status.path("apiVersion").asText().equals("v1")
                || !status.path("status").asText().equals("Failure")
                || status.path("code").asInt() != code
                || status.path("reason").asText().isEmpty()
                || status.path("message").asText().isEmpty()) {
            return "body is not a Kubernetes Status for this code";
        }
        if (answer.contentType() == null || !answer.contentType().startsWith("application/json")) {
            return "Status with Content-Type " + answer.contentType();
        }
        return null;
    }

    private static final Set<String> FIRST_CHANGES = ConcurrentHashMap.newKeySet();

    /**
     * The seeded object a successful write answered with a new resourceVersion for, the first time
     * (later no-op writes answer with that new version too).
     */
    private static String changedTarget(FuzzRequest request, Answer answer) {
        for (Target target : targets) {
            if (request.path().startsWith(target.path())) {
                try {
                    JsonNode body = KubeJson.mapper().readTree(answer.body());
                    String rv = body.at("/metadata/resourceVersion").asText("");
                    boolean first =
                            !rv.isEmpty() && !rv.equals(target.resourceVersion()) && FIRST_CHANGES.add(target.path());
                    return first ? target.path() : null;
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static boolean isUri(String target) {
        try {
            new URI(target);
            return true;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private void count(FuzzRequest request, boolean record, int code) {
        if (record) {
            histogram
                    .computeIfAbsent(request.category(), c -> new ConcurrentHashMap<>())
                    .computeIfAbsent(code, c -> new LongAdder())
                    .increment();
        }
    }

    private void fail(FuzzRequest request, String problem, String detail) {
        failureCount.incrementAndGet();
        failures.computeIfAbsent(request.category() + ": " + problem, k -> new Examples())
                .add(request + "\n      -> " + detail);
    }

    private static String preview(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        return text.isEmpty() ? "<empty>" : text;
    }

    // --- figures ---

    private void printHistogram(long seed, long total, Duration took, long heapBefore, long heapAfter, long heapMax) {
        StringBuilder out = new StringBuilder();
        out.append("\n=== ApiFuzzIntegrationTest: seed ")
                .append(seed)
                .append(", ")
                .append(SENDERS)
                .append(" senders ===\n");
        Map<Integer, Long> overall = new TreeMap<>();
        new TreeMap<>(histogram).forEach((category, codes) -> {
            Map<Integer, Long> sorted = new TreeMap<>();
            codes.forEach((code, count) -> sorted.put(code, count.sum()));
            sorted.forEach((code, count) -> overall.merge(code, count, Long::sum));
            out.append(String.format(
                    "%-20s %7d  %s%n",
                    category,
                    sorted.values().stream().mapToLong(Long::longValue).sum(),
                    sorted));
        });
        out.append(String.format("%-20s %7d  %s%n", "all", total, overall));
        out.append(String.format(
                "requests %d in %.1f s (%.0f/s); failures %d%n",
                total,
                took.toMillis() / 1000.0,
                total / Math.max(0.001, took.toMillis() / 1000.0),
                failureCount.get()));
        out.append(String.format(
                "heap used after GC: before %.1f MiB, after %.1f MiB (growth %+.1f MiB, bound %d MiB; max %.0f MiB)%n",
                mib(heapBefore), mib(heapAfter), mib(heapAfter - heapBefore), HEAP_GROWTH_BOUND >> 20, mib(heapMax)));
        new TreeMap<>(acceptedWrites).forEach((key, examples) -> {
            out.append("accepted write ")
                    .append(key)
                    .append(" x")
                    .append(examples.count.sum())
                    .append('\n');
            examples.first.forEach(example -> out.append("    ").append(example).append('\n'));
        });
        new TreeMap<>(failures).forEach((key, examples) -> {
            out.append("FAILURE ")
                    .append(key)
                    .append(" x")
                    .append(examples.count.sum())
                    .append('\n');
            examples.first.forEach(example -> out.append("    ").append(example).append('\n'));
        });
        System.out.println(out);
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            memory.gc();
            Thread.sleep(200);
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    // --- plain reads ---

    private byte[] getRaw(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .header("Accept", "application/json")
                        .timeout(REQUEST_TIMEOUT)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return response.body();
    }

    private int getCode(String path) throws IOException, InterruptedException {
        return client.send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                                .timeout(REQUEST_TIMEOUT)
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static JsonNode read(String json) {
        try {
            return KubeJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
