package io.skiff.apiserver.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.authentication.RequestAuthentication;
import io.skiff.apiserver.authentication.UserInfo;
import io.skiff.apiserver.protobuf.ProtobufDecoder;
import io.skiff.apiserver.rest.RequestInfo;
import io.skiff.model.api.ApiException;
import io.skiff.model.json.KubeJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Audits every request as kube-apiserver's audit filter: gives it an ID (the client's
 * {@code Audit-ID} header if it sent a valid one) returned in the {@code Audit-Id} response header,
 * and, when a policy is configured, writes its events to the {@link AuditBackend}: RequestReceived,
 * ResponseStarted for long-running requests, ResponseComplete.
 *
 * <p>The policy is evaluated when the first event is written, once authentication and any
 * authorization have run, so this filter's place among the others does not matter. Bodies are
 * kept only as far as the level needs: the request's for Request and above (a JSON or protobuf body
 * up to {@value #MAX_BODY_BYTES} bytes), the response's for RequestResponse or an error Status.
 */
public final class AuditFilter implements WebFilter {

    /** The response header carrying the audit ID (Kubernetes' Audit-ID; header names are case-blind). */
    public static final String AUDIT_ID_HEADER = "Audit-Id";

    static final int MAX_BODY_BYTES = 3 * 1024 * 1024;
    private static final Pattern VALID_AUDIT_ID = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final Set<String> LONG_RUNNING_SUBRESOURCES =
            Set.of("attach", "exec", "proxy", "log", "portforward");

    private final AuditPolicy policy;
    private final AuditBackend backend;
    private final Clock clock;
    private final ProtobufDecoder protobuf = ProtobufDecoder.builtin();

    /** @param policy null to only hand out audit IDs (no policy file: nothing is audited) */
    public AuditFilter(AuditPolicy policy, AuditBackend backend, Clock clock) {
        this.policy = policy;
        this.backend = backend;
        this.clock = clock;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String auditId = auditId(exchange.getRequest().getHeaders().getFirst(AUDIT_ID_HEADER));
        exchange.getResponse().getHeaders().set(AUDIT_ID_HEADER, auditId);
        if (policy == null || backend == null) {
            return chain.filter(exchange);
        }
        Audit audit = new Audit(exchange, auditId, clock.instant());
        ServerWebExchange audited = exchange.mutate()
                .request(audit.capturingRequest())
                .response(audit.capturingResponse())
                .build();
        exchange.getResponse().beforeCommit(() -> {
            audit.started();
            return Mono.empty();
        });
        return chain.filter(audited).doOnError(audit::failed).doFinally(signal -> audit.completed());
    }

    static String auditId(String requested) {
        return requested != null && VALID_AUDIT_ID.matcher(requested).matches()
                ? requested
                : UUID.randomUUID().toString();
    }

    /** The audit state of one request. */
    private final class Audit {

        private final ServerWebExchange exchange;
        private final String auditId;
        private final Instant received;
        private final RequestInfo info;
        private final boolean longRunning;
        private final ByteArrayOutputStream requestBody = new ByteArrayOutputStream();
        private final ByteArrayOutputStream responseBody = new ByteArrayOutputStream();
        /** The request body is not kept: no level the policy could give needs it, or it is too large or no object. */
        private boolean requestBodyUnusable;

        private boolean responseBodyTooLarge;
        private AuditPolicy.Decision decision;
        private AuditEvent.Request request;
        private Throwable failure;
        private boolean completed;
        private boolean receivedWritten;
        private JsonNode requestObject;

        Audit(ServerWebExchange exchange, String auditId, Instant received) {
            this.exchange = exchange;
            this.auditId = auditId;
            this.received = received;
            String path = exchange.getRequest().getPath().value();
            RequestInfo parsed = RequestInfo.of(exchange);
            this.info = parsed != null && parsed.resource() != null ? parsed : null;
            boolean watch = RequestInfo.isWatch(
                    info, exchange.getRequest().getQueryParams().getFirst("watch"));
            this.longRunning = info != null
                    && (watch && exchange.getRequest().getMethod().equals(HttpMethod.GET)
                            || (info.subresource() != null && LONG_RUNNING_SUBRESOURCES.contains(info.subresource())));
            // Metadata already needs a create's body: the object's name completes objectRef.
            this.requestBodyUnusable =
                    !policy.mostForAnyUser(attributes(UserInfo.ANONYMOUS)).atLeast(AuditLevel.Metadata);
        }

        /** Decides what to record, once: the user is known by the time anything is written. */
        private synchronized AuditPolicy.Decision decide() {
            if (decision == null) {
                UserInfo user = RequestAuthentication.user(exchange);
                AuditAttributes attributes = attributes(user);
                request = new AuditEvent.Request(
                        auditId,
                        requestUri(),
                        attributes,
                        info == null ? null : info.version(),
                        sourceIps(),
                        exchange.getRequest().getHeaders().getFirst("User-Agent"),
                        received);
                decision = policy.evaluate(attributes);
            }
            return decision;
        }

        /** The response is about to be sent: RequestReceived, and ResponseStarted if long-running. */
        synchronized void started() {
            if (completed) {
                // An error response rendered after the filter chain ended: its events are written.
                return;
            }
            AuditPolicy.Decision d = decide();
            writeReceived(d);
            if (longRunning && d.records(AuditStage.ResponseStarted)) {
                write(d, AuditStage.ResponseStarted, response(d, false));
            }
        }

        synchronized void failed(Throwable error) {
            failure = error;
        }

        synchronized void completed() {
            if (completed) {
                return;
            }
            completed = true;
            AuditPolicy.Decision d = decide();
            writeReceived(d);
            if (d.records(AuditStage.ResponseComplete)) {
                write(d, AuditStage.ResponseComplete, response(d, true));
            }
        }

        private void writeReceived(AuditPolicy.Decision d) {
            if (receivedWritten) {
                return;
            }
            receivedWritten = true;
            if (d.records(AuditStage.RequestReceived)) {
                backend.process(AuditEvent.line(
                        request,
                        d.level(),
                        AuditStage.RequestReceived,
                        received,
                        new AuditEvent.Response(null, null, null, null, null),
                        annotations()));
            }
        }

        private void write(AuditPolicy.Decision d, AuditStage stage, AuditEvent.Response response) {
            backend.process(AuditEvent.line(request, d.level(), stage, clock.instant(), response, annotations()));
        }

        private Map<String, String> annotations() {
            Map<String, String> annotations = AuditAnnotations.of(exchange);
            synchronized (annotations) {
                return new LinkedHashMap<>(annotations);
            }
        }

        private AuditEvent.Response response(AuditPolicy.Decision d, boolean complete) {
            int code;
            JsonNode status = null;
            if (failure != null && complete) {
                code = failureCode(failure);
                if (failure instanceof ApiException api) {
                    status = KubeJson.mapper().valueToTree(api.status());
                }
            } else {
                code = exchange.getResponse().getStatusCode() == null
                        ? 200
                        : exchange.getResponse().getStatusCode().value();
            }
            JsonNode body = complete && !longRunning ? responseBody() : null;
            if (status == null
                    && body != null
                    && "Status".equals(body.path("kind").asText())) {
                status = body;
            }
            JsonNode responseObject = d.level().atLeast(AuditLevel.RequestResponse) ? omitFields(d, body) : null;
            JsonNode requestBody = requestBody();
            JsonNode requestObject = d.level().atLeast(AuditLevel.Request) ? omitFields(d, requestBody) : null;
            JsonNode metadata = requestBody == null ? null : requestBody.get("metadata");
            return new AuditEvent.Response(code, status, requestObject, responseObject, metadata);
        }

        /** The request body as an object, decoded once (JSON or protobuf; null for others). */
        private JsonNode requestBody() {
            if (requestObject == null && !requestBodyUnusable && requestBody.size() > 0) {
                MediaType type = exchange.getRequest().getHeaders().getContentType();
                byte[] bytes = requestBody.toByteArray();
                try {
                    requestObject = type != null && type.toString().startsWith(ProtobufDecoder.MEDIA_TYPE)
                            ? protobuf.decode(bytes)
                            : KubeJson.mapper().readTree(bytes);
                } catch (IOException | RuntimeException notReadable) {
                    // A YAML apply body or a malformed one: the request failed or is logged without it.
                    requestBodyUnusable = true;
                }
            }
            return requestObject;
        }

        private JsonNode responseBody() {
            if (responseBodyTooLarge || responseBody.size() == 0) {
                return null;
            }
            try {
                return KubeJson.mapper().readTree(responseBody.toByteArray());
            } catch (IOException notJson) {
                return null;
            }
        }

        private static JsonNode omitFields(AuditPolicy.Decision d, JsonNode object) {
            if (object == null || !d.omitManagedFields()) {
                return object;
            }
            JsonNode copy = object.deepCopy();
            removeManagedFields(copy);
            copy.path("items").forEach(AuditFilter::removeManagedFields);
            return copy;
        }

        private AuditAttributes attributes(UserInfo user) {
            HttpMethod method = exchange.getRequest().getMethod();
            if (info == null) {
                return AuditAttributes.nonResource(
                        user,
                        method.name().toLowerCase(Locale.ROOT),
                        exchange.getRequest().getPath().value());
            }
            return AuditAttributes.resource(
                    user,
                    verb(method),
                    info.group(),
                    info.namespace(),
                    info.resource(),
                    info.subresource(),
                    info.name());
        }

        /** Kubernetes' verb, as its RequestInfoFactory names it. */
        private String verb(HttpMethod method) {
            boolean named = info.name() != null;
            if (method.equals(HttpMethod.GET)) {
                boolean watch = RequestInfo.isWatch(
                        info, exchange.getRequest().getQueryParams().getFirst("watch"));
                return watch ? "watch" : named ? "get" : "list";
            }
            if (method.equals(HttpMethod.POST)) {
                return "create";
            }
            if (method.equals(HttpMethod.PUT)) {
                return "update";
            }
            if (method.equals(HttpMethod.PATCH)) {
                return "patch";
            }
            if (method.equals(HttpMethod.DELETE)) {
                return named ? "delete" : "deletecollection";
            }
            return method.name().toLowerCase(Locale.ROOT);
        }

        private String requestUri() {
            String raw = exchange.getRequest().getURI().getRawPath();
            String query = exchange.getRequest().getURI().getRawQuery();
            return query == null ? raw : raw + "?" + query;
        }

        /** X-Forwarded-For, then X-Real-Ip, then the peer, without repeats (Kubernetes' SourceIPs). */
        private List<String> sourceIps() {
            List<String> ips = new ArrayList<>();
            String forwarded = exchange.getRequest().getHeaders().getFirst("X-Forwarded-For");
            if (forwarded != null) {
                for (String part : forwarded.split(",")) {
                    addIfNew(ips, part.trim());
                }
            }
            String realIp = exchange.getRequest().getHeaders().getFirst("X-Real-Ip");
            if (realIp != null) {
                addIfNew(ips, realIp.trim());
            }
            InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
            if (remote != null && remote.getAddress() != null) {
                addIfNew(ips, remote.getAddress().getHostAddress());
            }
            return ips;
        }

        /** The response body is logged at RequestResponse; an error's Status fields at any level. */
        private boolean keepsResponseBody(int code) {
            AuditLevel level = decide().level();
            return level.atLeast(AuditLevel.RequestResponse) || (level != AuditLevel.None && code >= 300);
        }

        ServerHttpRequest capturingRequest() {
            return new ServerHttpRequestDecorator(exchange.getRequest()) {
                @Override
                public Flux<DataBuffer> getBody() {
                    if (requestBodyUnusable) {
                        return super.getBody();
                    }
                    return super.getBody().doOnNext(buffer -> {
                        synchronized (Audit.this) {
                            requestBodyUnusable |= !copy(buffer, requestBody);
                        }
                    });
                }
            };
        }

        ServerHttpResponse capturingResponse() {
            return new ServerHttpResponseDecorator(exchange.getResponse()) {
                @Override
                public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
                    if (longRunning
                            || !keepsResponseBody(
                                    getStatusCode() == null
                                            ? 200
                                            : getStatusCode().value())) {
                        return super.writeWith(body);
                    }
                    return super.writeWith(Flux.from(body).doOnNext(buffer -> {
                        synchronized (Audit.this) {
                            responseBodyTooLarge |= !copy(buffer, responseBody);
                        }
                    }));
                }
            };
        }
    }

    private static void removeManagedFields(JsonNode object) {
        if (object.path("metadata") instanceof ObjectNode metadata) {
            metadata.remove("managedFields");
        }
    }

    private static void addIfNew(List<String> ips, String ip) {
        if (!ip.isEmpty() && !ips.contains(ip)) {
            ips.add(ip);
        }
    }

    /** Copies a buffer's readable bytes without consuming them; false once over the limit. */
    private static boolean copy(DataBuffer buffer, ByteArrayOutputStream into) {
        int count = buffer.readableByteCount();
        if (into.size() + count > MAX_BODY_BYTES) {
            return false;
        }
        byte[] bytes = new byte[count];
        int position = buffer.readPosition();
        buffer.read(bytes);
        buffer.readPosition(position);
        into.write(bytes, 0, count);
        return true;
    }

    private static int failureCode(Throwable error) {
        if (error instanceof ApiException api) {
            return api.code();
        }
        if (error instanceof ResponseStatusException status) {
            return status.getStatusCode().value();
        }
        return 500;
    }
}
