package io.skiff.component.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.skiff.model.api.Statuses;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Test implementation of the {@link EventSink} port that stores Events as the API server does:
 * keyed by namespace/name, with resourceVersion, uid and creationTimestamp assigned on create, 409
 * AlreadyExists on a duplicate name, 404 NotFound when patching a missing Event, and the merge
 * patch applied to the stored JSON. Failures can be queued to simulate an unreachable or refusing
 * server; every request is logged.
 */
final class InMemoryEventServer implements EventSink {

    private final Map<String, Event> events = new LinkedHashMap<>();
    private final List<String> requests = new ArrayList<>();
    private final Deque<Supplier<? extends Throwable>> failures = new ArrayDeque<>();
    private long revision;

    /** The next {@code times} requests fail with the given error instead of being served. */
    synchronized void failNext(int times, Supplier<? extends Throwable> error) {
        for (int i = 0; i < times; i++) {
            failures.add(error);
        }
    }

    synchronized List<Event> events() {
        return events.values().stream().map(InMemoryEventServer::copy).toList();
    }

    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    synchronized void delete(String namespace, String name) {
        events.remove(namespace + "/" + name);
    }

    @Override
    public Mono<Event> create(Event event) {
        return Mono.defer(() -> serve("create", event, () -> store(event)));
    }

    @Override
    public Mono<Event> patch(Event event, String mergePatch) {
        return Mono.defer(() -> serve("patch", event, () -> applyPatch(event, mergePatch)));
    }

    private synchronized Mono<Event> serve(String verb, Event event, Supplier<Event> action) {
        requests.add(verb + " " + event.getMetadata().getNamespace() + "/"
                + event.getMetadata().getName());
        Supplier<? extends Throwable> failure = failures.poll();
        if (failure != null) {
            return Mono.error(failure.get());
        }
        try {
            return Mono.just(action.get());
        } catch (RuntimeException e) {
            return Mono.error(e);
        }
    }

    private Event store(Event event) {
        String key =
                event.getMetadata().getNamespace() + "/" + event.getMetadata().getName();
        if (event.getMetadata().getResourceVersion() != null) {
            throw Statuses.badRequest("resourceVersion should not be set on objects to be created");
        }
        if (events.containsKey(key)) {
            throw Statuses.alreadyExists("", "events", event.getMetadata().getName());
        }
        Event stored = copy(event);
        stored.getMetadata().setUid(UUID.randomUUID().toString());
        stored.getMetadata().setCreationTimestamp(Instant.now().toString());
        stored.getMetadata().setResourceVersion(Long.toString(++revision));
        events.put(key, stored);
        return copy(stored);
    }

    private Event applyPatch(Event event, String mergePatch) {
        String key =
                event.getMetadata().getNamespace() + "/" + event.getMetadata().getName();
        Event current = events.get(key);
        if (current == null) {
            throw Statuses.notFound("", "events", event.getMetadata().getName());
        }
        try {
            ObjectNode target = KubeJson.mapper().valueToTree(current);
            merge(target, KubeJson.mapper().readTree(mergePatch));
            Event patched = KubeJson.mapper().treeToValue(target, Event.class);
            patched.getMetadata().setResourceVersion(Long.toString(++revision));
            events.put(key, patched);
            return copy(patched);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 7386 JSON merge patch. */
    private static void merge(ObjectNode target, JsonNode patch) {
        patch.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && target.get(field.getKey()) instanceof ObjectNode child) {
                merge(child, value);
            } else {
                target.set(field.getKey(), value);
            }
        });
    }

    private static Event copy(Event event) {
        return KubeJson.mapper().convertValue(event, Event.class);
    }
}
