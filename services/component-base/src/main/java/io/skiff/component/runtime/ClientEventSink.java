package io.skiff.component.runtime;

import io.fabric8.kubernetes.api.model.Event;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.Patch;
import io.skiff.component.client.ResourceClient;
import io.skiff.component.events.EventSink;
import reactor.core.publisher.Mono;

/** Where recorded core/v1 Events go: the API server, through the API client. */
public final class ClientEventSink implements EventSink {

    private final ResourceClient<Event> events;

    public ClientEventSink(KubeClient client) {
        this.events = client.resources(Event.class);
    }

    @Override
    public Mono<Event> create(Event event) {
        return events.create(event.getMetadata().getNamespace(), event);
    }

    @Override
    public Mono<Event> patch(Event event, String mergePatch) {
        return events.patch(
                event.getMetadata().getNamespace(), event.getMetadata().getName(), Patch.merge(mergePatch));
    }
}
