package io.skiff.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.apply.FieldOwner;
import io.skiff.apiserver.authentication.RequestAuthentication;
import io.skiff.apiserver.certificates.CertificateSigningRequests;
import io.skiff.apiserver.openapi.KnownFields;
import io.skiff.apiserver.printing.IncludeObject;
import io.skiff.apiserver.printing.TablePrinter;
import io.skiff.apiserver.registry.DeleteOptions;
import io.skiff.apiserver.registry.DeleteOutcome;
import io.skiff.apiserver.registry.ObjectRegistry;
import io.skiff.apiserver.registry.Patches;
import io.skiff.apiserver.watch.CachedObject;
import io.skiff.apiserver.watch.WatchCache;
import io.skiff.apiserver.watch.WatchEvent;
import io.skiff.apiserver.watch.WatchFilter;
import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Serves every resource of the catalog under /api and /apis: the Kubernetes verbs on collections,
 * objects and the status subresource, and watches in the native and server-sent-events framings.
 */
public final class ResourceHandler {

    private static final MediaType EVENT_STREAM = MediaType.TEXT_EVENT_STREAM;

    private final ResourceCatalog catalog;
    private final ObjectRegistry registry;
    private final ReadConsistency consistency;
    private final RequestBodies bodies;
    private final Duration minRequestTimeout;
    private final WatchStreams streams;
    private final SubresourceHandler subresources;
    private final TableRequests tables;
    private final KnownFields knownFields;

    public ResourceHandler(
            ResourceCatalog catalog,
            ObjectRegistry registry,
            ReadConsistency consistency,
            RequestBodies bodies,
            Duration minRequestTimeout,
            WatchStreams streams,
            SubresourceHandler subresources,
            TablePrinter printer,
            KnownFields knownFields) {
        this.catalog = catalog;
        this.registry = registry;
        this.consistency = consistency;
        this.bodies = bodies;
        this.minRequestTimeout = minRequestTimeout;
        this.streams = streams;
        this.subresources = subresources;
        this.tables = new TableRequests(printer);
        this.knownFields = knownFields;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        return Mono.defer(() -> dispatch(request)).onErrorResume(ErrorResponses::respond);
    }

    private Mono<ServerResponse> dispatch(ServerRequest request) {
        RequestInfo info = RequestInfo.of(request.exchange());
        if (info == null || info.resource() == null) {
            return Mono.error(notFound());
        }
        ResourceType type =
                catalog.byPlural(info.group(), info.version(), info.resource()).orElseThrow(ResourceHandler::notFound);
        String subresource = info.subresource();
        if (subresource != null && (info.name() == null || !type.hasSubresource(subresource))) {
            return Mono.error(notFound());
        }
        if (subresource != null && !subresource.equals("status")) {
            return subresources.handle(request, type, info, DryRun.requested(request.queryParams()));
        }
        boolean namespaceResource = type.group().isEmpty() && type.plural().equals("namespaces");
        String namespace = type.namespaced() ? info.namespace() : null;
        if (!type.namespaced() && info.namespace() != null && !namespaceResource) {
            return Mono.error(notFound());
        }
        HttpMethod method = request.method();
        MultiValueMap<String, String> query = request.queryParams();
        boolean dryRun = DryRun.requested(query);
        if (info.name() == null) {
            if (type.namespaced() && namespace == null && !method.equals(HttpMethod.GET)) {
                return Mono.error(Statuses.methodNotSupported(
                        type.group(), type.plural(), verbOf(method) + " across all namespaces"));
            }
            if (method.equals(HttpMethod.GET)) {
                ListOptions options = ListOptions.from(query, info.watchPath());
                options.fieldSelector().checkSupported(type);
                return options.watch()
                        ? watch(request, type, namespace, null, options)
                        : list(type, namespace, options, TableRequests.requested(request));
            }
            if (method.equals(HttpMethod.POST)) {
                FieldValidation fieldValidation = FieldValidation.from(query);
                return bodies.object(request).flatMap(body -> {
                    checkKind(type, body);
                    checkNamespace(type, body, namespace);
                    List<String> warnings = fieldValidation.check(knownFields.pruneUnknown(type, body));
                    if (CertificateSigningRequests.isCertificateSigningRequest(type)) {
                        CertificateSigningRequests.setRequester(body, RequestAuthentication.user(request.exchange()));
                    }
                    return registry.create(type, namespace, body, owner(request, null), dryRun)
                            .flatMap(json -> json(HttpStatus.CREATED, json, warnings));
                });
            }
            if (method.equals(HttpMethod.DELETE)) {
                ListOptions options = ListOptions.from(query, false);
                options.fieldSelector().checkSupported(type);
                return deleteOptions(request, query, dryRun)
                        .flatMap(delete ->
                                new CollectionDeletion(registry, consistency).delete(type, namespace, options, delete))
                        .flatMap(json -> json(HttpStatus.OK, json));
            }
            return Mono.error(Statuses.methodNotSupported(type.group(), type.plural(), verbOf(method)));
        }
        if (type.namespaced() && namespace == null) {
            return Mono.error(notFound());
        }
        String name = info.name();
        boolean statusOnly = "status".equals(subresource);
        if (method.equals(HttpMethod.GET)) {
            if (RequestInfo.isWatch(info, query.getFirst("watch"))) {
                ListOptions options = ListOptions.from(query, true);
                return watch(request, type, namespace, name, options);
            }
            String rv = query.getFirst("resourceVersion");
            Mono<byte[]> read = rv == null || rv.isEmpty()
                    ? registry.get(type, namespace, name)
                    : consistency
                            .notOlderThan(ListOptions.from(query, false).revision())
                            .then(registry.getCached(type, namespace, name));
            Optional<IncludeObject> table = TableRequests.requested(request);
            return read.flatMap(
                    json -> json(HttpStatus.OK, table.isPresent() ? tables.single(type, json, table.get()) : json));
        }
        if (method.equals(HttpMethod.PUT)) {
            FieldValidation fieldValidation = FieldValidation.from(query);
            return bodies.object(request).flatMap(body -> {
                checkKind(type, body);
                checkIdentity(type, body, namespace, name);
                List<String> warnings = fieldValidation.check(knownFields.pruneUnknown(type, body));
                return registry.update(type, namespace, name, body, statusOnly, owner(request, subresource), dryRun)
                        .flatMap(json -> json(HttpStatus.OK, json, warnings));
            });
        }
        if (method.equals(HttpMethod.PATCH)) {
            String contentType = RequestBodies.contentType(request)
                    .map(t -> t.getType() + "/" + t.getSubtype())
                    .orElse("");
            FieldValidation fieldValidation = FieldValidation.from(query);
            if (contentType.equals(Patches.APPLY_PATCH)) {
                return apply(request, type, namespace, name, fieldValidation, statusOnly, dryRun);
            }
            if (!Patches.isSupported(contentType)) {
                return Mono.error(Statuses.unsupportedMediaType(contentType));
            }
            return bodies.bytes(request)
                    .map(bytes -> bodies.parse(bytes, MediaType.APPLICATION_JSON))
                    .flatMap(patch -> {
                        // A JSON patch can add any field, so its result is what gets checked; merge and
                        // strategic patches are partial objects, so the patch itself is.
                        boolean jsonPatch = contentType.equals(Patches.JSON_PATCH);
                        List<String> warnings = new CopyOnWriteArrayList<>(
                                patch instanceof ObjectNode partial && !jsonPatch
                                        ? fieldValidation.check(knownFields.pruneUnknown(type, partial))
                                        : List.of());
                        return registry.patch(
                                        type,
                                        namespace,
                                        name,
                                        contentType,
                                        patch,
                                        statusOnly,
                                        owner(request, subresource),
                                        dryRun,
                                        patched -> {
                                            List<String> unknown = knownFields.pruneUnknown(type, patched);
                                            if (jsonPatch) {
                                                List<String> found = fieldValidation.check(unknown);
                                                warnings.clear();
                                                warnings.addAll(found);
                                            }
                                        })
                                .flatMap(json -> json(HttpStatus.OK, json, warnings));
                    });
        }
        if (method.equals(HttpMethod.DELETE) && subresource == null) {
            return deleteOptions(request, query, dryRun)
                    .flatMap(options -> registry.delete(type, namespace, name, options))
                    .flatMap(outcome -> deleted(type, name, outcome));
        }
        return Mono.error(Statuses.methodNotSupported(type.group(), type.plural(), verbOf(method)));
    }

    /**
     * Server-side apply: the body is a partial object in YAML or JSON, owned by its fieldManager;
     * through /status only its status counts.
     */
    private Mono<ServerResponse> apply(
            ServerRequest request,
            ResourceType type,
            String namespace,
            String name,
            FieldValidation fieldValidation,
            boolean statusOnly,
            boolean dryRun) {
        MultiValueMap<String, String> query = request.queryParams();
        String manager = FieldOwner.applier(query.getFirst("fieldManager")).manager();
        boolean force = ListOptions.isTrue(query.getFirst("force"));
        return bodies.bytes(request).flatMap(bytes -> {
            ObjectNode config = bodies.parseObject(bytes, MediaType.parseMediaType(Patches.APPLY_PATCH));
            checkKind(type, config);
            if (config.path("metadata").path("name").asText("").isEmpty()) {
                ObjectNode metadata = config.get("metadata") instanceof ObjectNode m ? m : config.putObject("metadata");
                metadata.put("name", name);
            }
            checkIdentity(type, config, namespace, name);
            if (!statusOnly && CertificateSigningRequests.isCertificateSigningRequest(type)) {
                CertificateSigningRequests.setRequester(config, RequestAuthentication.user(request.exchange()));
            }
            List<String> warnings = fieldValidation.check(knownFields.pruneUnknown(type, config));
            Mono<byte[]> applied = statusOnly
                    ? registry.applyStatus(type, namespace, name, config, manager, force, dryRun)
                    : registry.apply(type, namespace, name, config, manager, force, dryRun);
            return applied.flatMap(json -> json(HttpStatus.OK, json, warnings));
        });
    }

    private static FieldOwner owner(ServerRequest request, String subresource) {
        return FieldOwner.of(
                request.queryParams().getFirst("fieldManager"),
                request.headers().firstHeader("User-Agent"),
                subresource);
    }

    private byte[] listBody(ResourceType type, WatchCache.ListResult page, Optional<IncludeObject> table) {
        if (table.isEmpty()) {
            return ListBodies.list(type, page);
        }
        String continueToken = page.lastKey() == null
                ? null
                : ContinueToken.afterKey(page.revision(), page.lastKey()).encode();
        Long remaining = page.lastKey() != null && page.remaining() >= 0 ? page.remaining() : null;
        return tables.list(
                type,
                page.items().stream().map(CachedObject::json).toList(),
                table.get(),
                page.revision(),
                continueToken,
                remaining);
    }

    private Mono<ServerResponse> list(
            ResourceType type, String namespace, ListOptions options, Optional<IncludeObject> table) {
        WatchFilter filter = new WatchFilter(namespace, null, options.labelSelector(), options.fieldSelector());
        return consistency
                .listRevision(options)
                .map(at -> consistency.list(type, filter, at, options))
                .flatMap(page -> json(HttpStatus.OK, listBody(type, page, table)));
    }

    /**
     * Opens the watch a WebSocket upgrade request asks for (fabric8 watches this way first); the
     * events are sent one per text message.
     */
    public Mono<Flux<WatchEvent>> openWebSocketWatch(String path, MultiValueMap<String, String> query) {
        return Mono.defer(() -> {
            RequestInfo info = RequestInfo.parse(path);
            if (info == null || info.resource() == null || info.subresource() != null) {
                return Mono.error(notFound());
            }
            ResourceType type = catalog.byPlural(info.group(), info.version(), info.resource())
                    .orElseThrow(ResourceHandler::notFound);
            ListOptions options = ListOptions.from(query, true);
            options.fieldSelector().checkSupported(type);
            String namespace = type.namespaced() ? info.namespace() : null;
            return openEvents(type, namespace, info.name(), options);
        });
    }

    private Mono<ServerResponse> watch(
            ServerRequest request, ResourceType type, String namespace, String name, ListOptions options) {
        return openEvents(type, namespace, name, options)
                .map(opened -> {
                    Flux<WatchEvent> events = opened;
                    Optional<IncludeObject> table = TableRequests.requested(request);
                    if (table.isPresent()) {
                        events = tables.watch(type, events, table.get());
                    }
                    // Only an explicit text/event-stream selects SSE; */* gets Kubernetes' native stream.
                    boolean sse = AcceptHeader.of(request).stream()
                            .anyMatch(t -> t.getType().equals(EVENT_STREAM.getType())
                                    && t.getSubtype().equals(EVENT_STREAM.getSubtype()));
                    return sse ? streams.serverSentEvents(events) : streams.nativeJson(events);
                })
                .flatMap(inserter -> ServerResponse.ok()
                        .contentType(inserter.contentType())
                        .header("Cache-Control", "no-cache, private")
                        .body(inserter.body()));
    }

    /** The watch's events, ending at timeoutSeconds (or a randomised default); closing ends the watch. */
    private Mono<Flux<WatchEvent>> openEvents(ResourceType type, String namespace, String name, ListOptions options) {
        WatchFilter filter = new WatchFilter(namespace, name, options.labelSelector(), options.fieldSelector());
        Duration timeout = options.timeoutSeconds() != null && options.timeoutSeconds() > 0
                ? Duration.ofSeconds(options.timeoutSeconds())
                : randomisedMinRequestTimeout();
        return consistency
                .openWatch(type, filter, options)
                .map(watcher -> watcher.events().take(timeout).doFinally(signal -> consistency.close(watcher)));
    }

    private Duration randomisedMinRequestTimeout() {
        long base = minRequestTimeout.toMillis();
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(Math.max(1, base)));
    }

    private Mono<ServerResponse> deleted(ResourceType type, String name, DeleteOutcome outcome) {
        if (!outcome.removed() || ListBodies.returnsDeletedObject(type)) {
            return json(HttpStatus.OK, outcome.object());
        }
        return json(HttpStatus.OK, ListBodies.deletedStatus(type, name, outcome.object()));
    }

    private Mono<DeleteOptions> deleteOptions(
            ServerRequest request, MultiValueMap<String, String> query, boolean dryRun) {
        return bodies.bytes(request).map(bytes -> {
            JsonNode body = bytes.length == 0 ? null : bodies.parse(bytes, RequestBodies.objectType(request));
            return DeleteOptionsReader.read(body, query, dryRun);
        });
    }

    private static void checkKind(ResourceType type, ObjectNode body) {
        String kind = body.path("kind").asText("");
        String apiVersion = body.path("apiVersion").asText("");
        if (!kind.isEmpty() && !kind.equals(type.kind())) {
            throw Statuses.badRequest(
                    "the kind in the data (" + kind + ") does not match the expected kind (" + type.kind() + ")");
        }
        if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
            throw Statuses.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + type.apiVersion() + ")");
        }
        body.put("apiVersion", type.apiVersion());
        body.put("kind", type.kind());
        if (body.has("metadata") && !body.get("metadata").isObject()) {
            throw Statuses.badRequest("metadata must be an object");
        }
    }

    private static void checkIdentity(ResourceType type, ObjectNode body, String namespace, String name) {
        String bodyName = body.path("metadata").path("name").asText("");
        if (!bodyName.equals(name)) {
            throw Statuses.badRequest(
                    "the name of the object (" + bodyName + ") does not match the name on the URL (" + name + ")");
        }
        checkNamespace(type, body, namespace);
    }

    private static void checkNamespace(ResourceType type, ObjectNode body, String namespace) {
        String bodyNamespace = body.path("metadata").path("namespace").asText("");
        if (type.namespaced() && !bodyNamespace.isEmpty() && !bodyNamespace.equals(namespace)) {
            throw Statuses.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    private static String verbOf(HttpMethod method) {
        return method.name().toLowerCase(Locale.ROOT);
    }

    static ApiException notFound() {
        return Statuses.failure(404, "NotFound", "the server could not find the requested resource", null);
    }

    private static Mono<ServerResponse> json(HttpStatus status, byte[] body) {
        return json(status, body, List.of());
    }

    /** With Kubernetes Warning headers (299), e.g. for unknown fields under fieldValidation=Warn. */
    private static Mono<ServerResponse> json(HttpStatus status, byte[] body, List<String> warnings) {
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> warnings.forEach(w -> headers.add("Warning", w)))
                .bodyValue(body);
    }

    /** A response body writer and its content type. */
    public record StreamBody(MediaType contentType, BodyInserter<?, ? super ServerHttpResponse> body) {}
}
