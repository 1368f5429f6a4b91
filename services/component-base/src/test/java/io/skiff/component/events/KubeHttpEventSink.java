package io.skiff.component.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Status;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.model.api.ApiException;
import io.skiff.model.json.KubeJson;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Test implementation of the {@link EventSink} port over plain HTTP to a real API server, standing
 * in for the adapter over the component API client: POST to create, merge PATCH to count.
 */
final class KubeHttpEventSink implements EventSink {

    private final KubeHttp http;

    KubeHttpEventSink(KubeHttp http) {
        this.http = http;
    }

    @Override
    public Mono<Event> create(Event event) {
        return call(() -> http.post(collection(event), json(event)));
    }

    @Override
    public Mono<Event> patch(Event event, String mergePatch) {
        return call(() -> http.patch(
                collection(event) + "/" + event.getMetadata().getName(), mergePatch, "application/merge-patch+json"));
    }

    private static String collection(Event event) {
        return "/api/v1/namespaces/" + event.getMetadata().getNamespace() + "/events";
    }

    private static Mono<Event> call(Supplier<KubeHttp.Reply> request) {
        return Mono.fromCallable(() -> {
                    KubeHttp.Reply reply = request.get();
                    if (reply.code() >= 300) {
                        throw new ApiException(KubeJson.mapper().treeToValue(reply.body(), Status.class));
                    }
                    return KubeJson.mapper().treeToValue(reply.body(), Event.class);
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static String json(Event event) {
        return KubeJson.mapper().valueToTree(event).toString();
    }
}
