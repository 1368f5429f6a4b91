package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.RestartablePostgres;
import io.skiff.apiserver.testing.RestartablePostgres.StopMode;
import io.skiff.model.json.KubeJson;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's fault test: PostgreSQL restarts (a clean fast shutdown, then a crash) while a client
 * creates ConfigMaps at a steady rate and another watches them. Nothing acknowledged is lost, writes
 * during the outage fail with a retryable Status, the watch continues (or relists) and ends with
 * exactly the stored state, readiness drops while the database is away and comes back after it.
 * Prints the recovery times.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresRestartIntegrationTest {

    private static final String NAMESPACE = "pg-restart";
    private static final String CONFIGMAPS = "/api/v1/namespaces/" + NAMESPACE + "/configmaps";
    private static final Duration WRITE_PERIOD = Duration.ofMillis(20);
    private static final int MAX_WRITES_PER_ROUND = 2_000;
    private static final Duration OUTAGE = Duration.ofSeconds(3);
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;

    private RestartablePostgres postgres;
    private ApiServerInstance server;
    private KubeHttp http;
    private ResumingWatcher watcher;

    @BeforeAll
    void startServerAndWatch() throws InterruptedException {
        postgres = RestartablePostgres.start(dataDir);
        server = ApiServerInstance.onDatabase(postgres.jdbcUrl());
        http = new KubeHttp(server.baseUrl());
        assertThat(http.createNamespace(NAMESPACE).code()).isEqualTo(201);
        watcher = new ResumingWatcher(http);
        watcher.start();
        awaitTrue("the watcher's first list", Duration.ofSeconds(20), () -> watcher.relists() == 1);
    }

    @AfterAll
    void stopEverything() {
        if (watcher != null) {
            watcher.stop();
        }
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void recoversFromAFastShutdown() throws Exception {
        restartUnderLoad(StopMode.FAST, "fast");
    }

    @Test
    @Order(2)
    void recoversFromACrash() throws Exception {
        restartUnderLoad(StopMode.IMMEDIATE, "crash");
    }

    private void restartUnderLoad(StopMode mode, String round) throws Exception {
        int resumesBefore = watcher.resumes();
        int relistsBefore = watcher.relists();
        LoadWriter writer = new LoadWriter(http, round);
        Prober readyz = new Prober("readyz", () -> http.get("/readyz").code());
        KubeHttp management = new KubeHttp(server.managementUrl());
        Prober actuator = new Prober(
                "actuator", () -> management.get("/actuator/health/readiness").code());
        // A list without resourceVersion is a consistent read: it asks PostgreSQL for its revision.
        Prober reads = new Prober(
                "consistent list", () -> http.get(CONFIGMAPS + "?limit=1").code());
        writer.start();
        readyz.start();
        actuator.start();
        reads.start();
        try {
            awaitTrue(
                    "writes acknowledged before the restart",
                    Duration.ofSeconds(20),
                    () -> writer.acknowledged() >= 50);
            awaitTrue("the watcher hears of the writes", Duration.ofSeconds(20), () -> watcher.events() > 0);

            long stopAsked = System.nanoTime();
            postgres.stop(mode);
            long stopped = System.nanoTime();
            Thread.sleep(OUTAGE.toMillis());
            postgres.start();
            long back = System.nanoTime();

            awaitTrue(
                    "writes, the watch and readiness recover",
                    RECOVERY_LIMIT,
                    () -> writer.firstAcknowledgedAfter(back).isPresent()
                            && watcher.firstEventAfter(back).isPresent()
                            && readyz.firstOkAfter(back).isPresent()
                            && actuator.firstOkAfter(back).isPresent()
                            && reads.firstOkAfter(back).isPresent());
            Thread.sleep(1_000);
            writer.stop();
            readyz.stop();
            actuator.stop();
            reads.stop();

            Map<String, Stored> stored = storedConfigMaps();
            assertNothingAcknowledgedIsLost(writer, stored);
            assertFailuresAreRetryableStatuses(writer, stored, stopAsked);
            assertReadinessFollowedTheDatabase(readyz, stopped, back);
            assertReadinessFollowedTheDatabase(actuator, stopped, back);
            assertThat(reads.codesBetween(stopped, back))
                    .as("consistent reads while PostgreSQL was down")
                    .contains(503)
                    .isSubsetOf(200, 503);
            awaitTrue(
                    "the watcher's view equals the stored state",
                    Duration.ofSeconds(20),
                    () -> watcher.view().equals(revisions(storedConfigMaps())));
            assertThat(watcher.violations()).as("events out of order or twice").isEmpty();

            Map<String, OptionalLong> recovered = new LinkedHashMap<>();
            recovered.put("first_write_after_restart", writer.firstAcknowledgedAfter(back));
            recovered.put("watch_delivering_after_restart", watcher.firstEventAfter(back));
            recovered.put("consistent_list_ok_after_restart", reads.firstOkAfter(back));
            recovered.put("readyz_ok_after_restart", readyz.firstOkAfter(back));
            recovered.put("actuator_readiness_up_after_restart", actuator.firstOkAfter(back));
            report(round, "outage", (back - stopAsked) / 1e6, "ms");
            recovered.forEach((metric, at) -> report(round, metric, (at.getAsLong() - back) / 1e6, "ms"));
            long unknown =
                    writer.failures().stream().filter(f -> f.code() == 504).count();
            report(round, "failed_writes", writer.failures().size(), "count");
            report(round, "unknown_outcome_writes", unknown, "count");
            report(round, "watch_resumes", watcher.resumes() - resumesBefore, "count");
            report(round, "watch_relists", watcher.relists() - relistsBefore, "count");
        } finally {
            writer.stop();
            readyz.stop();
            actuator.stop();
            reads.stop();
        }
    }

    private static void assertNothingAcknowledgedIsLost(LoadWriter writer, Map<String, Stored> stored) {
        assertThat(writer.acknowledgedWrites()).isNotEmpty();
        writer.acknowledgedWrites().forEach((name, ack) -> {
            assertThat(stored).as("acknowledged " + name).containsKey(name);
            assertThat(stored.get(name).revision()).as(name + " revision").isEqualTo(ack.revision());
            assertThat(stored.get(name).value()).as(name + " data").isEqualTo(ack.value());
        });
    }

    /**
     * Every write that failed did so with a Status the client can act on: 503 ServiceUnavailable
     * (nothing was stored; retry) or 504 Timeout (the commit's outcome is unknown; read, then retry),
     * both with Retry-After. The load did meet the outage: some writes failed.
     */
    private static void assertFailuresAreRetryableStatuses(
            LoadWriter writer, Map<String, Stored> stored, long stopAsked) {
        assertThat(writer.failures()).as("writes during the outage").isNotEmpty();
        for (Failure failure : writer.failures()) {
            assertThat(failure.endedAt())
                    .as(failure.name() + " failed before the stop")
                    .isGreaterThanOrEqualTo(stopAsked);
            JsonNode status = failure.body();
            assertThat(status.path("kind").asText()).as(failure.toString()).isEqualTo("Status");
            assertThat(failure.code()).as(failure.toString()).isIn(503, 504);
            assertThat(status.path("code").asInt()).isEqualTo(failure.code());
            assertThat(status.path("reason").asText())
                    .as(failure.toString())
                    .isEqualTo(failure.code() == 503 ? "ServiceUnavailable" : "Timeout");
            assertThat(status.at("/details/retryAfterSeconds").asInt())
                    .as(failure.toString())
                    .isPositive();
            if (failure.code() == 503) {
                assertThat(stored)
                        .as("a 503 means nothing was stored: " + failure.name())
                        .doesNotContainKey(failure.name());
            }
        }
    }

    private static void assertReadinessFollowedTheDatabase(Prober prober, long stopped, long back) {
        assertThat(prober.sawFailureBetween(stopped, back))
                .as(prober.name() + " not ready while PostgreSQL was down")
                .isTrue();
        assertThat(prober.firstOkAfter(back)).as(prober.name() + " ready again").isPresent();
    }

    /** What PostgreSQL holds, read past the API server and its cache. */
    private Map<String, Stored> storedConfigMaps() {
        String sql = "SELECT name, revision, convert_from(data, 'UTF8')::jsonb -> 'data' ->> 'k' FROM skiff_object"
                + " WHERE resource = 'configmaps' AND namespace = ?";
        Map<String, Stored> stored = new HashMap<>();
        try (Connection conn = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", null);
                PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, NAMESPACE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1), new Stored(rs.getLong(2), rs.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return stored;
    }

    private static Map<String, Long> revisions(Map<String, Stored> stored) {
        Map<String, Long> revisions = new HashMap<>();
        stored.forEach((name, s) -> revisions.put(name, s.revision()));
        return revisions;
    }

    private static void report(String round, String metric, double value, String unit) {
        System.out.printf(
                "{\"bench\":\"apiserver.postgres-restart\",\"stop\":\"%s\",\"metric\":\"%s\",\"value\":%.0f,\"unit\":\"%s\"}%n",
                round, metric, value, unit);
    }

    private static void awaitTrue(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit + " waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    private record Stored(long revision, String value) {}

    private record Acknowledged(long revision, String value, long at) {}

    private record Failure(String name, int code, JsonNode body, long endedAt) {}

    /** Creates ConfigMaps one after another at a bounded rate, remembering every answer. */
    private static final class LoadWriter {

        private final KubeHttp http;
        private final String prefix;
        private final Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>();
        private final List<Failure> failures = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        LoadWriter(KubeHttp http, String prefix) {
            this.http = http;
            this.prefix = prefix;
            this.thread = new Thread(this::run, "pg-restart-writer-" + prefix);
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            for (int i = 0; running && i < MAX_WRITES_PER_ROUND; i++) {
                long started = System.nanoTime();
                String name = String.format("%s-%05d", prefix, i);
                String value = "value-" + i;
                KubeHttp.Reply reply;
                try {
                    reply = http.post(
                            CONFIGMAPS, KubeHttp.configMap(name, "k", value).toString());
                } catch (RuntimeException e) {
                    // The API server itself stays up: a broken connection to it is a failure to report.
                    reply = new KubeHttp.Reply(
                            -1, KubeJson.mapper().getNodeFactory().textNode(e.toString()));
                }
                if (reply.code() == 201) {
                    long revision = Long.parseLong(reply.text("/metadata/resourceVersion"));
                    acknowledged.put(name, new Acknowledged(revision, value, System.nanoTime()));
                } else {
                    failures.add(new Failure(name, reply.code(), reply.body(), System.nanoTime()));
                }
                long pause = WRITE_PERIOD.toNanos() - (System.nanoTime() - started);
                if (pause > 0) {
                    sleep(TimeUnit.NANOSECONDS.toMillis(pause));
                }
            }
        }

        int acknowledged() {
            return acknowledged.size();
        }

        Map<String, Acknowledged> acknowledgedWrites() {
            return acknowledged;
        }

        List<Failure> failures() {
            return failures;
        }

        OptionalLong firstAcknowledgedAfter(long time) {
            return acknowledged.values().stream()
                    .mapToLong(Acknowledged::at)
                    .filter(at -> at > time)
                    .min();
        }

        void stop() {
            running = false;
            join(thread);
        }
    }

    /**
     * Watches the namespace's ConfigMaps as an informer's reflector does: lists, watches from the
     * list's resourceVersion, resumes from the last seen resourceVersion when the stream ends, and
     * relists on 410 Gone.
     */
    private static final class ResumingWatcher {

        private final KubeHttp http;
        private final Map<String, Long> view = new HashMap<>();
        private final List<Long> eventTimes = new CopyOnWriteArrayList<>();
        private final List<String> violations = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;
        private volatile int resumes;
        private volatile int relists;
        private long revision = -1;

        ResumingWatcher(KubeHttp http) {
            this.http = http;
            this.thread = new Thread(this::run, "pg-restart-watcher");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            while (running) {
                if (revision < 0 && !relist()) {
                    sleep(200);
                    continue;
                }
                BlockingQueue<JsonNode> events =
                        http.watch(CONFIGMAPS + "?watch=1&allowWatchBookmarks=true&resourceVersion=" + revision);
                follow(events);
            }
        }

        private boolean relist() {
            KubeHttp.Reply list = http.get(CONFIGMAPS);
            if (list.code() != 200) {
                return false;
            }
            Map<String, Long> fresh = new HashMap<>();
            for (JsonNode item : list.body().path("items")) {
                fresh.put(
                        item.at("/metadata/name").asText(),
                        item.at("/metadata/resourceVersion").asLong());
            }
            synchronized (view) {
                view.clear();
                view.putAll(fresh);
            }
            revision = list.body().at("/metadata/resourceVersion").asLong();
            relists++;
            return true;
        }

        /** Reads one watch stream until it ends, asks for a relist, or the watcher stops. */
        private void follow(BlockingQueue<JsonNode> events) {
            while (running) {
                JsonNode event;
                try {
                    event = events.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (event == null) {
                    continue;
                }
                if (event.isNull()) {
                    resumes++;
                    return;
                }
                String type = event.path("type").asText();
                JsonNode object = event.path("object");
                if (type.isEmpty() || type.equals("ERROR")) {
                    JsonNode status = type.isEmpty() ? event : object;
                    if (status.path("code").asInt() == 410) {
                        revision = -1;
                    } else {
                        sleep(200);
                    }
                    return;
                }
                long eventRevision = object.at("/metadata/resourceVersion").asLong();
                if (type.equals("BOOKMARK")) {
                    revision = Math.max(revision, eventRevision);
                    continue;
                }
                if (eventRevision <= revision) {
                    violations.add(type + " " + object.at("/metadata/name").asText() + " at " + eventRevision
                            + " after " + revision);
                }
                revision = eventRevision;
                synchronized (view) {
                    if (type.equals("DELETED")) {
                        view.remove(object.at("/metadata/name").asText());
                    } else {
                        view.put(object.at("/metadata/name").asText(), eventRevision);
                    }
                }
                eventTimes.add(System.nanoTime());
            }
        }

        Map<String, Long> view() {
            synchronized (view) {
                return new HashMap<>(view);
            }
        }

        int events() {
            return eventTimes.size();
        }

        OptionalLong firstEventAfter(long time) {
            return eventTimes.stream()
                    .mapToLong(Long::longValue)
                    .filter(at -> at > time)
                    .min();
        }

        List<String> violations() {
            return violations;
        }

        int resumes() {
            return resumes;
        }

        int relists() {
            return relists;
        }

        void stop() {
            running = false;
            join(thread);
        }
    }

    /** Polls one readiness endpoint and keeps every answer with its time. */
    private static final class Prober {

        private final String name;
        private final IntSupplier probe;
        private final List<long[]> samples = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        Prober(String name, IntSupplier probe) {
            this.name = name;
            this.probe = probe;
            this.thread = new Thread(this::run, "pg-restart-probe-" + name);
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            while (running) {
                int code;
                try {
                    code = probe.getAsInt();
                } catch (RuntimeException e) {
                    code = -1;
                }
                samples.add(new long[] {System.nanoTime(), code});
                sleep(50);
            }
        }

        String name() {
            return name;
        }

        boolean sawFailureBetween(long from, long to) {
            return samples.stream().anyMatch(s -> s[0] > from && s[0] < to && s[1] != 200);
        }

        Set<Integer> codesBetween(long from, long to) {
            return samples.stream()
                    .filter(s -> s[0] > from && s[0] < to)
                    .map(s -> (int) s[1])
                    .collect(Collectors.toSet());
        }

        /** When it first answered 200 after {@code time} and stayed ready from then on. */
        OptionalLong firstOkAfter(long time) {
            List<long[]> after =
                    new ArrayList<>(samples.stream().filter(s -> s[0] > time).toList());
            OptionalLong firstOk = OptionalLong.empty();
            for (long[] sample : after) {
                if (sample[1] != 200) {
                    firstOk = OptionalLong.empty();
                } else if (firstOk.isEmpty()) {
                    firstOk = OptionalLong.of(sample[0]);
                }
            }
            return firstOk;
        }

        void stop() {
            running = false;
            join(thread);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
