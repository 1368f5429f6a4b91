package io.skiff.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Status;
import io.skiff.apiserver.apply.FieldOwner;
import io.skiff.apiserver.authentication.serviceaccount.TokenRequests;
import io.skiff.apiserver.openapi.KnownFields;
import io.skiff.apiserver.registry.CertificateApproval;
import io.skiff.apiserver.registry.DeleteOptions;
import io.skiff.apiserver.registry.ObjectRegistry;
import io.skiff.apiserver.registry.Patches;
import io.skiff.apiserver.registry.PodBinding;
import io.skiff.apiserver.registry.PodEviction;
import io.skiff.apiserver.registry.ScaleSubresource;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The subresources other than status: scale, pods/binding, pods/eviction, pods/log, pods/exec (its
 * requests without a WebSocket upgrade; {@link PodExecProxy} serves the upgrades),
 * namespaces/finalize, serviceaccounts/token (TokenRequest) and certificatesigningrequests/approval.
 */
public final class SubresourceHandler {

    private final ObjectRegistry registry;
    private final ScaleSubresource scale;
    private final PodBinding binding;
    private final PodEviction eviction;
    private final RequestBodies bodies;
    private final KnownFields knownFields;
    private final PodLogs logs;
    private final PodExec exec;
    private final TokenRequests tokens;
    private final CertificateApproval approval;

    public SubresourceHandler(
            ObjectRegistry registry,
            ScaleSubresource scale,
            PodBinding binding,
            PodEviction eviction,
            RequestBodies bodies,
            KnownFields knownFields,
            PodLogs logs,
            PodExec exec,
            TokenRequests tokens) {
        this.registry = registry;
        this.scale = scale;
        this.binding = binding;
        this.eviction = eviction;
        this.bodies = bodies;
        this.knownFields = knownFields;
        this.logs = logs;
        this.exec = exec;
        this.tokens = tokens;
        this.approval = new CertificateApproval(registry);
    }

    Mono<ServerResponse> handle(ServerRequest request, ResourceType type, RequestInfo info, boolean dryRun) {
        HttpMethod method = request.method();
        String namespace = type.namespaced() ? info.namespace() : null;
        String name = info.name();
        return switch (info.subresource()) {
            case "scale" -> {
                if (method.equals(HttpMethod.GET)) {
                    yield json(HttpStatus.OK, scale.get(type, namespace, name));
                }
                if (method.equals(HttpMethod.PUT)) {
                    yield json(
                            HttpStatus.OK,
                            bodies.object(request)
                                    .flatMap(body ->
                                            scale.update(type, namespace, name, body, scaleOwner(request), dryRun)));
                }
                if (method.equals(HttpMethod.PATCH) && isApply(request)) {
                    yield applyScale(request, type, namespace, name, dryRun);
                }
                if (method.equals(HttpMethod.PATCH)) {
                    String contentType = patchType(request);
                    yield json(
                            HttpStatus.OK,
                            bodies.bytes(request)
                                    .map(bytes -> bodies.parse(bytes, MediaType.APPLICATION_JSON))
                                    .flatMap(patch -> scale.patch(
                                            type, namespace, name, contentType, patch, scaleOwner(request), dryRun)));
                }
                yield Mono.error(Statuses.methodNotSupported(type.group(), type.plural() + "/scale", method.name()));
            }
            case "binding" ->
                method.equals(HttpMethod.POST)
                        ? bodies.object(request)
                                .flatMap(body -> binding.bind(namespace, name, body, dryRun))
                                .then(success(type, name))
                        : Mono.error(Statuses.methodNotSupported(type.group(), "pods/binding", method.name()));
            case "eviction" ->
                method.equals(HttpMethod.POST)
                        ? bodies.object(request)
                                .flatMap(body -> {
                                    JsonNode deleteOptions = body.get("deleteOptions");
                                    DeleteOptions options =
                                            DeleteOptionsReader.read(deleteOptions, request.queryParams(), dryRun);
                                    return eviction.evict(namespace, name, body, options);
                                })
                                .then(success(type, name))
                        : Mono.error(Statuses.methodNotSupported(type.group(), "pods/eviction", method.name()));
            case "finalize" ->
                // Namespaces: the whole object comes in, but as Kubernetes' finalize strategy does, the
                // stored status stays (only spec.finalizers is meant to change); a deleted namespace
                // whose last finalizer goes is removed by the update.
                method.equals(HttpMethod.PUT)
                        ? json(
                                HttpStatus.OK,
                                bodies.object(request)
                                        .flatMap(body -> registry.update(
                                                type,
                                                namespace,
                                                name,
                                                body,
                                                false,
                                                FieldOwner.of(
                                                        request.queryParams().getFirst("fieldManager"),
                                                        request.headers().firstHeader("User-Agent"),
                                                        "finalize"),
                                                dryRun)))
                        : Mono.error(Statuses.methodNotSupported(type.group(), "namespaces/finalize", method.name()));
            case CertificateApproval.SUBRESOURCE -> {
                if (method.equals(HttpMethod.GET)) {
                    yield json(HttpStatus.OK, registry.get(type, namespace, name));
                }
                FieldOwner owner = FieldOwner.of(
                        request.queryParams().getFirst("fieldManager"),
                        request.headers().firstHeader("User-Agent"),
                        CertificateApproval.SUBRESOURCE);
                if (method.equals(HttpMethod.PUT)) {
                    yield json(
                            HttpStatus.OK,
                            bodies.object(request).flatMap(body -> approval.update(type, name, body, owner, dryRun)));
                }
                if (method.equals(HttpMethod.PATCH) && !isApply(request)) {
                    String contentType = patchType(request);
                    yield json(
                            HttpStatus.OK,
                            bodies.bytes(request)
                                    .map(bytes -> bodies.parse(bytes, MediaType.APPLICATION_JSON))
                                    .flatMap(patch -> approval.patch(type, name, contentType, patch, owner, dryRun)));
                }
                yield Mono.error(Statuses.methodNotSupported(
                        type.group(), type.plural() + "/" + CertificateApproval.SUBRESOURCE, method.name()));
            }
            case "log" ->
                method.equals(HttpMethod.GET)
                        ? logs.logs(type, namespace, name, request.queryParams())
                        : Mono.error(Statuses.methodNotSupported(type.group(), "pods/log", method.name()));
            case "exec" ->
                method.equals(HttpMethod.GET) || method.equals(HttpMethod.POST)
                        ? this.exec
                                .locate(namespace, name, request.queryParams())
                                .then(Mono.error(withoutWebSocket(request)))
                        : Mono.error(Statuses.methodNotSupported(type.group(), "pods/exec", method.name()));
            case "token" ->
                method.equals(HttpMethod.POST)
                        ? bodies.object(request)
                                .flatMap(body -> tokens.create(namespace, name, body))
                                .flatMap(created -> ServerResponse.status(HttpStatus.CREATED)
                                        .contentType(MediaType.APPLICATION_JSON)
                                        .headers(headers -> created.warnings()
                                                .forEach(w -> headers.add("Warning", "299 - \"" + w + "\"")))
                                        .bodyValue(created.body()))
                        : Mono.error(Statuses.methodNotSupported(type.group(), "serviceaccounts/token", method.name()));
            default -> Mono.error(ResourceHandler.notFound());
        };
    }

    /**
     * A valid pods/exec request that does not ask for a WebSocket: Kubernetes' answer to one that
     * asks for no stream upgrade, or, to a SPDY upgrade (which Kubernetes serves), why this server
     * does not.
     */
    private static Throwable withoutWebSocket(ServerRequest request) {
        String upgrade = request.headers().firstHeader("Upgrade");
        if (upgrade == null || !upgrade.regionMatches(true, 0, "SPDY", 0, 4)) {
            return Statuses.badRequest("Upgrade request required");
        }
        return Statuses.badRequest("pods/exec is served over WebSocket only ("
                + String.join(", ", PodExecProxy.PROTOCOLS) + "): this server does not speak " + upgrade
                + "; use a WebSocket client such as kubectl 1.30 or later");
    }

    /** Server-side apply of an autoscaling/v1 Scale, with the fieldValidation of its schema. */
    private Mono<ServerResponse> applyScale(
            ServerRequest request, ResourceType type, String namespace, String name, boolean dryRun) {
        MultiValueMap<String, String> query = request.queryParams();
        String manager = FieldOwner.applier(query.getFirst("fieldManager")).manager();
        boolean force = ListOptions.isTrue(query.getFirst("force"));
        FieldValidation fieldValidation = FieldValidation.from(query);
        return bodies.bytes(request).flatMap(bytes -> {
            ObjectNode scaleConfig = bodies.parseObject(bytes, MediaType.parseMediaType(Patches.APPLY_PATCH));
            List<String> warnings = new ArrayList<>();
            return scale.apply(
                            type,
                            namespace,
                            name,
                            scaleConfig,
                            manager,
                            force,
                            dryRun,
                            checked -> warnings.addAll(fieldValidation.check(
                                    knownFields.pruneUnknownIn(type, ScaleSubresource.SCALE, checked))))
                    .flatMap(body -> ServerResponse.ok()
                            .contentType(MediaType.APPLICATION_JSON)
                            .headers(headers -> warnings.forEach(w -> headers.add("Warning", w)))
                            .bodyValue(body));
        });
    }

    private static boolean isApply(ServerRequest request) {
        return RequestBodies.contentType(request)
                .map(t -> (t.getType() + "/" + t.getSubtype()).equals(Patches.APPLY_PATCH))
                .orElse(false);
    }

    private static FieldOwner scaleOwner(ServerRequest request) {
        return FieldOwner.of(
                request.queryParams().getFirst("fieldManager"),
                request.headers().firstHeader("User-Agent"),
                "scale");
    }

    private static String patchType(ServerRequest request) {
        String contentType = RequestBodies.contentType(request)
                .map(t -> t.getType() + "/" + t.getSubtype())
                .orElse("");
        if (!Patches.isSupported(contentType)) {
            throw Statuses.unsupportedMediaType(contentType);
        }
        return contentType;
    }

    private static Mono<ServerResponse> success(ResourceType type, String name) {
        Status status = Statuses.success(type.group(), type.plural(), name);
        status.setCode(201);
        status.setDetails(null);
        return ServerResponse.status(HttpStatus.CREATED)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ErrorResponses.json(status));
    }

    private static Mono<ServerResponse> json(HttpStatus status, Mono<byte[]> body) {
        return body.flatMap(bytes -> ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(bytes));
    }
}
