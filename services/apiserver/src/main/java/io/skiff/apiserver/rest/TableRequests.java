package io.skiff.apiserver.rest;

import io.skiff.apiserver.printing.IncludeObject;
import io.skiff.apiserver.printing.TablePrinter;
import io.skiff.apiserver.watch.WatchEvent;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Flux;

/**
 * Server-side printing: a client that puts {@code application/json;as=Table;v=v1;g=meta.k8s.io}
 * first in its Accept gets meta/v1 Tables (kubectl get does), for lists, gets and watches.
 */
final class TableRequests {

    private final TablePrinter printer;

    TableRequests(TablePrinter printer) {
        this.printer = printer;
    }

    /** What to include in each row, when the request asks for a Table. */
    static Optional<IncludeObject> requested(ServerRequest request) {
        List<MediaType> accept = AcceptHeader.of(request);
        for (MediaType type : accept) {
            if ("Table".equals(type.getParameter("as"))) {
                if ("meta.k8s.io".equals(type.getParameter("g")) && "v1".equals(type.getParameter("v"))) {
                    return Optional.of(includeObject(request));
                }
                continue;
            }
            // The first acceptable type that is not a Table wins: the client prefers plain objects.
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static IncludeObject includeObject(ServerRequest request) {
        try {
            return IncludeObject.fromQueryParameter(
                    request.queryParam("includeObject").orElse(null));
        } catch (IllegalArgumentException e) {
            throw Statuses.badRequest(e.getMessage());
        }
    }

    byte[] list(
            ResourceType type,
            List<byte[]> objects,
            IncludeObject include,
            long revision,
            String continueToken,
            Long remaining) {
        return printer.table(type, objects, include, Long.toString(revision), continueToken, remaining);
    }

    byte[] single(ResourceType type, byte[] object, IncludeObject include) {
        return printer.table(type, List.of(object), include, null, null, null);
    }

    /** Each object event becomes a one-row Table; column definitions come with the first only. */
    Flux<WatchEvent> watch(ResourceType type, Flux<WatchEvent> events, IncludeObject include) {
        AtomicBoolean first = new AtomicBoolean(true);
        return events.map(event -> switch (event.type()) {
            case WatchEvent.ADDED, WatchEvent.MODIFIED, WatchEvent.DELETED ->
                new WatchEvent(
                        event.type(),
                        event.revision(),
                        printer.rowTable(type, event.object(), include, first.getAndSet(false)));
            default -> event;
        });
    }
}
