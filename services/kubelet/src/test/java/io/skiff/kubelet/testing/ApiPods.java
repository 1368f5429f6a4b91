package io.skiff.kubelet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.skiff.apiserver.testing.KubeHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The pods of one namespace as an integration test sees them through the API server: created,
 * read, awaited and their events listed. A wait that fails says why with what the test needs to
 * see: the pod's status and its events.
 */
public final class ApiPods {

    private static final Duration POLL = Duration.ofMillis(250);
    private static final Set<String> TERMINAL_PHASES = Set.of("Succeeded", "Failed");

    private final KubeHttp http;
    private final String namespace;

    public ApiPods(KubeHttp http, String namespace) {
        this.http = http;
        this.namespace = namespace;
    }

    /** Creates the pod (JSON) and asserts the API server took it. */
    public void create(String manifest) {
        KubeHttp.Reply created = http.post(path(""), manifest);
        assertThat(created.code()).as("creating a pod: %s", created.body()).isEqualTo(201);
    }

    /** The pod as the API server has it (a Status when it is not there). */
    public JsonNode get(String name) {
        return http.get(path(name)).body();
    }

    public boolean exists(String name) {
        return http.get(path(name)).code() != 404;
    }

    /**
     * Waits until the pod satisfies {@code condition} and returns it; on timeout fails with
     * "pod NAME WHAT not within ..." and the pod's status and events.
     */
    public JsonNode await(String name, String what, Duration within, Predicate<JsonNode> condition) {
        return await(name, what, within, condition, pod -> false);
    }

    /** Waits until the pod's phase is {@code phase}; fails at once when it ends in another one. */
    public JsonNode awaitPhase(String name, String phase, Duration within) {
        return await(
                name,
                "reached phase " + phase,
                within,
                pod -> phase.equals(phase(pod)),
                pod -> TERMINAL_PHASES.contains(phase(pod)));
    }

    /** Waits until the API server answers 404 for the pod. */
    public void awaitGone(String name, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (exists(name)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("pod " + name + " was not gone within " + within + "\n" + describe(name));
            }
            pause(Duration.ofMillis(100));
        }
    }

    /** The pod's events, as the API server lists them. */
    public List<JsonNode> events(String name) {
        List<JsonNode> events = new ArrayList<>();
        http.get("/api/v1/namespaces/" + namespace + "/events?fieldSelector=involvedObject.name%3D" + name)
                .body()
                .path("items")
                .forEach(events::add);
        return events;
    }

    /** The messages of the pod's events with {@code reason}. */
    public List<String> eventMessages(String name, String reason) {
        return events(name).stream()
                .filter(event -> reason.equals(event.path("reason").asText()))
                .map(event -> event.path("message").asText())
                .toList();
    }

    /** The pod's status and events, for a failure message. */
    public String describe(String name) {
        KubeHttp.Reply pod = http.get(path(name));
        StringBuilder text = new StringBuilder();
        text.append("status: ")
                .append(pod.code() == 404 ? "(the pod is gone)" : pod.body().path("status"))
                .append("\nevents:");
        for (JsonNode event : events(name)) {
            text.append("\n  ")
                    .append(event.path("type").asText())
                    .append(' ')
                    .append(event.path("reason").asText())
                    .append(" (x")
                    .append(event.path("count").asInt(1))
                    .append("): ")
                    .append(event.path("message").asText());
        }
        return text.toString();
    }

    public static String phase(JsonNode pod) {
        return pod.at("/status/phase").asText();
    }

    /** The status ("True", "False", "Unknown") of the condition {@code type}, "" when absent. */
    public static String condition(JsonNode object, String type) {
        for (JsonNode condition : object.at("/status/conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return condition.path("status").asText();
            }
        }
        return "";
    }

    /**
     * The status of the container {@code name} in {@code statuses} ({@code containerStatuses} or
     * {@code initContainerStatuses}), a missing node when there is none.
     */
    public static JsonNode containerStatus(JsonNode pod, String statuses, String name) {
        for (JsonNode status : pod.path("status").path(statuses)) {
            if (name.equals(status.path("name").asText())) {
                return status;
            }
        }
        return MissingNode.getInstance();
    }

    private JsonNode await(
            String name, String what, Duration within, Predicate<JsonNode> condition, Predicate<JsonNode> hopeless) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            KubeHttp.Reply reply = http.get(path(name));
            if (reply.code() == 200) {
                if (condition.test(reply.body())) {
                    return reply.body();
                }
                if (hopeless.test(reply.body())) {
                    throw new AssertionError("pod " + name + " never " + what + ": it ended " + phase(reply.body())
                            + "\n" + describe(name));
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("pod " + name + " " + what + " not within " + within + "\n" + describe(name));
            }
            pause(POLL);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a pod", e);
        }
    }

    private String path(String name) {
        return "/api/v1/namespaces/" + namespace + "/pods" + (name.isEmpty() ? "" : "/" + name);
    }
}
