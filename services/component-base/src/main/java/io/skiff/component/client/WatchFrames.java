package io.skiff.component.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;

/**
 * Reads the API server's watch frames: {@code id: <revision>}, {@code event: <type>} and {@code
 * data: <object JSON>}. An ERROR frame carries a v1 Status and ends the stream as an {@link
 * ApiException} (410 Expired when the revision was compacted away).
 */
final class WatchFrames {

    private WatchFrames() {}

    static <T extends HasMetadata> Flux<WatchEvent<T>> decode(
            Flux<ServerSentEvent<String>> frames, KubeCodec<T> codec) {
        return frames.filter(frame -> frame.event() != null || frame.data() != null)
                .<WatchEvent<T>>handle((frame, sink) -> {
                    try {
                        WatchEventType type = type(frame);
                        if (type == WatchEventType.ERROR) {
                            sink.error(new ApiException(status(frame.data())));
                            return;
                        }
                        T object = codec.object(frame.data());
                        String revision = frame.id() != null && !frame.id().isEmpty()
                                ? frame.id()
                                : object.getMetadata() == null
                                        ? null
                                        : object.getMetadata().getResourceVersion();
                        sink.next(new WatchEvent<>(type, object, revision));
                    } catch (RuntimeException malformed) {
                        sink.error(malformed);
                    }
                });
    }

    private static WatchEventType type(ServerSentEvent<String> frame) {
        if (frame.event() == null || frame.data() == null) {
            throw new IllegalStateException("a watch frame needs an event type and data, got event " + frame.event()
                    + " with " + (frame.data() == null ? "no data" : "data"));
        }
        try {
            return WatchEventType.valueOf(frame.event());
        } catch (IllegalArgumentException unknown) {
            throw new IllegalStateException("got invalid watch event type: " + frame.event(), unknown);
        }
    }

    private static Status status(String json) {
        try {
            Status status = KubeJson.mapper().readValue(json, Status.class);
            if (status.getCode() == null || status.getCode() == 0) {
                status.setCode(500);
            }
            return status;
        } catch (IOException e) {
            return Statuses.internalError("unreadable ERROR event from the watch: " + json)
                    .status();
        }
    }
}
