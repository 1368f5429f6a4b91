package io.skiff.bench.density;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The memory of one process under test: resident set size from /proc (the process alone, and with
 * its live descendants, since a Skiff server's embedded PostgreSQL runs as its children) and, when
 * its Prometheus endpoint is given, the JVM's used heap ({@code jvm_memory_used_bytes{area="heap"}}).
 */
public final class ProcessMemory {

    private static final Path PROC = Path.of("/proc");
    private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(10);

    private final String label;
    private final long pid;
    private final URI prometheus;
    private final HttpClient client;

    /**
     * @param prometheus the process's /actuator/prometheus on loopback, or null
     */
    public ProcessMemory(String label, long pid, URI prometheus, HttpClient client) {
        this.label = label;
        this.pid = pid;
        this.prometheus = prometheus;
        this.client = client;
    }

    public String label() {
        return label;
    }

    /**
     * @param rssBytes the process's resident set
     * @param treeRssBytes with its live descendants
     * @param heapUsedBytes used JVM heap, or -1 when unknown
     */
    public record Reading(long rssBytes, long treeRssBytes, long heapUsedBytes) {}

    public Reading read() {
        return new Reading(rss(pid), treeRss(), heapUsed());
    }

    private long heapUsed() {
        if (prometheus == null) {
            return -1;
        }
        try {
            HttpResponse<Stream<String>> response = client.send(
                    HttpRequest.newBuilder(prometheus)
                            .timeout(SCRAPE_TIMEOUT)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                return -1;
            }
            try (Stream<String> lines = response.body()) {
                return (long) lines.filter(
                                line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
                        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                        .sum();
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private long treeRss() {
        Map<Long, List<Long>> children = new HashMap<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    // After the command name (which ends at the last ')'): state, then ppid.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    children.computeIfAbsent(Long.parseLong(fields[1]), p -> new ArrayList<>())
                            .add(Long.parseLong(name));
                } catch (IOException | RuntimeException gone) {
                    // The process exited while /proc was listed.
                }
            }
        } catch (IOException e) {
            return -1;
        }
        long total = 0;
        Deque<Long> pending = new ArrayDeque<>(List.of(pid));
        while (!pending.isEmpty()) {
            long next = pending.pop();
            total += Math.max(0, rss(next));
            pending.addAll(children.getOrDefault(next, List.of()));
        }
        return total;
    }

    /** VmRSS of /proc/<pid>/status in bytes, or -1 when the process is gone. */
    static long rss(long pid) {
        try {
            for (String line :
                    Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
