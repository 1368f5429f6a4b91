package io.skiff.ingress.proxy;

import io.skiff.ingress.routing.Backend;
import java.time.Duration;
import java.util.Optional;

/** Told of every request served (metrics). */
public interface RequestObserver {

    RequestObserver NONE = (backend, host, method, status, upstreamLatency) -> {};

    /**
     * @param backend the backend the request was routed to; empty when nothing matched (404)
     * @param upstreamLatency from sending to the upstream until its response headers arrived; empty
     *     when no upstream was asked
     */
    void served(Optional<Backend> backend, String host, String method, int status, Optional<Duration> upstreamLatency);
}
