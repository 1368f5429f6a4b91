package io.skiff.apiserver.flowcontrol;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.apiserver.authentication.RequestAuthentication;
import io.skiff.apiserver.authorization.RequestAttributes;
import io.skiff.apiserver.flowcontrol.FairQueues.RejectedException;
import io.skiff.apiserver.rest.InFlightLimiter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * API Priority and Fairness in front of the handlers, in place of the max-in-flight limits (as
 * kube-apiserver's --enable-priority-and-fairness): the server's concurrency limit (the sum of the
 * max-in-flight settings, sized to the machine by default) is split among the priority levels by their shares; each
 * request is classified by the first matching flow schema (the stored FlowSchemas, see {@link
 * StoredConfiguration}; {@link DefaultFlowSchemas} by default), waits in its
 * level's fair queues when the level is busy, and is answered 429 with Retry-After when its queue
 * is full or it waited too long. A list takes more seats the more objects it scans. Exempt requests (system:masters, health probes) and long-running
 * ones (watches; exec, attach, port-forward, proxy and logs) are not held. Every classified request
 * (all but the long-running ones other than watches) is answered with kube-apiserver's
 * X-Kubernetes-PF-FlowSchema-UID and X-Kubernetes-PF-PriorityLevel-UID headers. Runs after
 * authentication, which it needs to tell users apart.
 */
public final class PriorityAndFairness implements WebFilter, Ordered {

    /** Right after {@link RequestAuthentication}. */
    public static final int ORDER = RequestAuthentication.ORDER + 10;

    public static final String FLOW_SCHEMA_UID = "X-Kubernetes-PF-FlowSchema-UID";
    public static final String PRIORITY_LEVEL_UID = "X-Kubernetes-PF-PriorityLevel-UID";

    private static final int OBJECTS_PER_SEAT = 100;
    private static final int MAX_SEATS = 10;

    private final FlowSchema catchAll;
    private final Map<String, FairQueues> levels = new LinkedHashMap<>();
    private final Duration maxWait;
    private final MeterRegistry meters;
    private final ToIntFunction<String> storedObjects;
    private final LiveConfiguration configuration;
    private final AtomicInteger readOnly = new AtomicInteger();
    private final AtomicInteger mutating = new AtomicInteger();

    /**
     * @param storedObjects how many objects of a resource ("pods", "deployments.apps") are stored,
     *     from which a list's width is estimated
     * @param configuration the flow schemas to classify by and their objects' UIDs
     */
    public PriorityAndFairness(
            int serverConcurrencyLimit,
            Duration maxWait,
            ToIntFunction<String> storedObjects,
            LiveConfiguration configuration,
            MeterRegistry meters) {
        this.configuration = configuration;
        this.catchAll = DefaultFlowSchemas.all().stream()
                .filter(schema -> schema.name().equals(PriorityLevel.CATCH_ALL))
                .findFirst()
                .orElseThrow();
        this.storedObjects = storedObjects;
        this.maxWait = maxWait;
        this.meters = meters;
        List<PriorityLevel> defaults = PriorityLevel.defaults();
        int totalShares = defaults.stream()
                .filter(level -> !level.exempt())
                .mapToInt(PriorityLevel::nominalConcurrencyShares)
                .sum();
        for (PriorityLevel level : defaults) {
            if (!level.exempt()) {
                FairQueues queues = new FairQueues(
                        level,
                        level.seats(serverConcurrencyLimit, totalShares),
                        task -> Schedulers.parallel().schedule(task));
                levels.put(level.name(), queues);
                Gauge.builder("apiserver_flowcontrol_current_executing_requests", queues, FairQueues::executing)
                        .tag("priority_level", level.name())
                        .register(meters);
                Gauge.builder("apiserver_flowcontrol_current_inqueue_requests", queues, FairQueues::waiting)
                        .tag("priority_level", level.name())
                        .register(meters);
                Gauge.builder("apiserver_flowcontrol_nominal_limit_seats", queues, FairQueues::seats)
                        .tag("priority_level", level.name())
                        .register(meters);
            }
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        boolean longRunning = InFlightLimiter.isLongRunning(exchange);
        FlowRequest request = flowRequest(exchange);
        if (longRunning && !"watch".equals(request.verb())) {
            return chain.filter(exchange);
        }
        LiveConfiguration.Snapshot current = configuration.current();
        FlowSchema schema = classify(current.schemas(), request);
        identify(exchange, current, schema);
        if (longRunning) {
            return chain.filter(exchange); // a watch is classified, as in Kubernetes, but holds no seat
        }
        FairQueues level = levels.get(schema.priorityLevel());
        AtomicInteger executing = isReadOnly(request) ? readOnly : mutating;
        if (level == null) {
            return counted(executing, chain.filter(exchange)); // exempt
        }
        return level.acquire(schema.flow(request), width(request), maxWait)
                .onErrorResume(RejectedException.class, rejected -> {
                    rejectedCounter(schema, rejected).increment();
                    return InFlightLimiter.tooManyRequests(exchange).then(Mono.empty());
                })
                .flatMap(seat -> counted(executing, chain.filter(exchange)).doFinally(signal -> seat.release()));
    }

    /** Kubernetes' response headers naming the flow schema and priority level by their objects' UIDs. */
    private static void identify(ServerWebExchange exchange, LiveConfiguration.Snapshot current, FlowSchema schema) {
        String schemaUid = current.flowSchemaUids().get(schema.name());
        String levelUid = current.priorityLevelUids().get(schema.priorityLevel());
        if (schemaUid != null) {
            exchange.getResponse().getHeaders().set(FLOW_SCHEMA_UID, schemaUid);
        }
        if (levelUid != null) {
            exchange.getResponse().getHeaders().set(PRIORITY_LEVEL_UID, levelUid);
        }
    }

    /**
     * How many seats a request takes, as Kubernetes' work estimator: a list scans every stored
     * object of its resource (lists are served from the watch cache, which filters by scanning), one
     * seat per 100 of them, at most 10; anything else one seat.
     */
    int width(FlowRequest request) {
        if (!"list".equals(request.verb())) {
            return 1;
        }
        String groupResource =
                request.apiGroup().isEmpty() ? request.resource() : request.resource() + "." + request.apiGroup();
        long objects = storedObjects.applyAsInt(groupResource);
        return (int) Math.max(1, Math.min(MAX_SEATS, (objects + OBJECTS_PER_SEAT - 1) / OBJECTS_PER_SEAT));
    }

    /** Requests executing now that only read (apiserver_current_inflight_requests, readOnly). */
    public int inFlightReadOnly() {
        return readOnly.get();
    }

    /** Requests executing now that write (apiserver_current_inflight_requests, mutating). */
    public int inFlightMutating() {
        return mutating.get();
    }

    private static Mono<Void> counted(AtomicInteger executing, Mono<Void> request) {
        return Mono.defer(() -> {
            executing.incrementAndGet();
            return request.doFinally(signal -> executing.decrementAndGet());
        });
    }

    private static boolean isReadOnly(FlowRequest request) {
        return switch (request.verb()) {
            case "get", "list", "watch", "head" -> true;
            default -> false;
        };
    }

    /** The schema that takes {@code request}: the first match in precedence order (catch-all matches all). */
    FlowSchema classify(FlowRequest request) {
        return classify(configuration.current().schemas(), request);
    }

    private FlowSchema classify(List<FlowSchema> schemas, FlowRequest request) {
        for (FlowSchema schema : schemas) {
            if (schema.matches(request)) {
                return schema;
            }
        }
        // As kube-apiserver: a request no schema takes (a user in neither system:authenticated nor
        // system:unauthenticated) goes to catch-all.
        return catchAll;
    }

    /** Seats of {@code level} (for tests and metrics). */
    int seats(String level) {
        return levels.get(level).seats();
    }

    /** Who asks for what, with the verb and resource as authorization sees them. */
    private static FlowRequest flowRequest(ServerWebExchange exchange) {
        RequestAttributes attributes = RequestAttributes.of(exchange, RequestAuthentication.user(exchange));
        boolean resource = attributes.resourceRequest();
        return new FlowRequest(
                attributes.user(),
                attributes.verb(),
                resource ? attributes.apiGroup() : null,
                resource ? attributes.resource() : null,
                resource ? attributes.subresource() : "",
                attributes.namespace(),
                attributes.path());
    }

    private Counter rejectedCounter(FlowSchema schema, RejectedException rejected) {
        return Counter.builder("apiserver_flowcontrol_rejected_requests_total")
                .tag("priority_level", schema.priorityLevel())
                .tag("flow_schema", schema.name())
                .tag("reason", rejected.rejection.reason)
                .register(meters);
    }
}
