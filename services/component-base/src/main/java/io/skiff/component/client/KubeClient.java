package io.skiff.component.client;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import io.skiff.component.resilience.Endpoints;
import io.skiff.component.resilience.RetryPolicies;
import io.skiff.component.resilience.TokenBucket;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The one way a Skiff component talks to the API servers: typed clients per resource type, all
 * sharing one rate limit, the per-server circuit breakers and retries. Thread-safe; build one per
 * component and share it. Works without Spring: {@code KubeClient.create(properties)}.
 */
public final class KubeClient implements AutoCloseable {

    /**
     * Connections the client may hold. Every open watch holds one for its whole life, and a
     * controller manager runs dozens of informers, so the pool is far larger than Reactor Netty's
     * default (16 on small machines), which would leave requests queueing behind watches.
     */
    private static final int MAX_CONNECTIONS = 1024;

    /** Connecting to a server that is down but not refusing should not eat a whole request timeout. */
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final ApiClientProperties properties;
    private final ResourceCatalog catalog;
    private final Endpoints endpoints;
    private final ApiTransport transport;
    private final ConnectionProvider connections;
    private final PodClient pods;
    private final DiscoveryClient discovery;
    private final Map<Class<?>, ResourceClient<?>> typed = new ConcurrentHashMap<>();
    private final Map<ResourceType, ResourceClient<GenericKubernetesResource>> generic = new ConcurrentHashMap<>();

    private KubeClient(
            ApiClientProperties properties,
            WebClient.Builder webClients,
            MeterRegistry meters,
            BearerTokenSource tokens) {
        this.properties = properties;
        this.catalog = ResourceCatalog.builtin();
        this.endpoints = new Endpoints(properties.urls(), breakerConfig(properties.circuitBreaker()));
        this.connections = ConnectionProvider.builder("skiff-apiserver")
                .maxConnections(MAX_CONNECTIONS)
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(60))
                .build();
        Duration connectTimeout = properties.requestTimeout().compareTo(MAX_CONNECT_TIMEOUT) < 0
                ? properties.requestTimeout()
                : MAX_CONNECT_TIMEOUT;
        HttpClient http = ClientTls.apply(
                HttpClient.create(connections)
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis()),
                properties);
        int maxInMemory =
                (int) Math.min(Integer.MAX_VALUE, properties.maxResponseSize().toBytes());
        WebClient webClient = webClients
                .clone()
                .clientConnector(new ReactorClientHttpConnector(http))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(maxInMemory))
                .build();
        if (meters != null) {
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(endpoints.breakerRegistry())
                    .bindTo(meters);
        }
        this.transport = new ApiTransport(
                webClient,
                endpoints,
                new TokenBucket(properties.qps(), properties.burst()),
                new RetryPolicies(
                        properties.retry().maxAttempts(),
                        properties.retry().initialBackoff(),
                        properties.retry().maxBackoff()),
                new ClientMetrics(meters),
                properties.requestTimeout(),
                tokens);
        this.pods = new PodClient(transport, typeOf(Pod.class));
        typed.put(Pod.class, pods);
        this.discovery = new DiscoveryClient(transport);
    }

    /** A client without Spring and without metrics. */
    public static KubeClient create(ApiClientProperties properties) {
        return create(properties, WebClient.builder(), null);
    }

    /**
     * A client built on {@code webClients} (its filters and default headers apply; the connector is
     * the client's own, sized for many watches) that records metrics in {@code meters} (or none if
     * null).
     */
    public static KubeClient create(
            ApiClientProperties properties, WebClient.Builder webClients, MeterRegistry meters) {
        return create(properties, webClients, meters, BearerTokenSource.fixed(properties.bearerToken()));
    }

    /**
     * As {@link #create(ApiClientProperties, WebClient.Builder, MeterRegistry)}, with the bearer
     * token taken from {@code tokens} on each request instead of {@code properties.bearerToken()}.
     */
    public static KubeClient create(
            ApiClientProperties properties,
            WebClient.Builder webClients,
            MeterRegistry meters,
            BearerTokenSource tokens) {
        return new KubeClient(properties, webClients, meters, tokens);
    }

    /** The client for a fabric8 model class, found in the catalog by its group, version and kind. */
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> ResourceClient<T> resources(Class<T> type) {
        return (ResourceClient<T>)
                typed.computeIfAbsent(type, t -> new ResourceClient<>(transport, typeOf(type), type));
    }

    /** The client for any served type, with objects as GenericKubernetesResource. */
    public ResourceClient<GenericKubernetesResource> resources(ResourceType type) {
        return generic.computeIfAbsent(type, t -> new ResourceClient<>(transport, t, GenericKubernetesResource.class));
    }

    /** The client for the type an object of {@code apiVersion} and {@code kind} belongs to. */
    public ResourceClient<GenericKubernetesResource> resources(String apiVersion, String kind) {
        return resources(catalog.byKind(apiVersion, kind)
                .orElseThrow(() -> new IllegalArgumentException("no resource type serves " + apiVersion + " " + kind)));
    }

    public PodClient pods() {
        return pods;
    }

    public ResourceClient<Node> nodes() {
        return resources(Node.class);
    }

    public ResourceClient<Namespace> namespaces() {
        return resources(Namespace.class);
    }

    /** What the API server serves, from its discovery documents. */
    public DiscoveryClient discovery() {
        return discovery;
    }

    public ResourceCatalog catalog() {
        return catalog;
    }

    public ApiClientProperties properties() {
        return properties;
    }

    /** Each API server's circuit breaker state, in configuration order. */
    public Map<URI, CircuitBreaker.State> endpointStates() {
        return endpoints.states();
    }

    /** Closes the client's connections; open watches end. */
    @Override
    public void close() {
        connections.dispose();
    }

    private ResourceType typeOf(Class<? extends HasMetadata> type) {
        String apiVersion = HasMetadata.getApiVersion(type);
        String kind = HasMetadata.getKind(type);
        return catalog.byKind(apiVersion, kind)
                .orElseThrow(() -> new IllegalArgumentException(
                        type.getName() + " is " + apiVersion + " " + kind + ", which Skiff does not serve"));
    }

    private static CircuitBreakerConfig breakerConfig(ApiClientProperties.CircuitBreakerSettings settings) {
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.waitInOpenState())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
                .writableStackTraceEnabled(false)
                .build();
    }
}
