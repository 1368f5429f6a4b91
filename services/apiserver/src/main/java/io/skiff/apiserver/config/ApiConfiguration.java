package io.skiff.apiserver.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import io.skiff.apiserver.authentication.SelfSubjectReviews;
import io.skiff.apiserver.authentication.TokenReviews;
import io.skiff.apiserver.authentication.serviceaccount.TokenRequests;
import io.skiff.apiserver.authorization.review.AccessReviews;
import io.skiff.apiserver.flowcontrol.ConfigurationReconciler;
import io.skiff.apiserver.flowcontrol.PriorityAndFairness;
import io.skiff.apiserver.flowcontrol.StoredConfiguration;
import io.skiff.apiserver.kubeletclient.KubeletClientProperties;
import io.skiff.apiserver.kubeletclient.KubeletTls;
import io.skiff.apiserver.metrics.RequestMetricsFilter;
import io.skiff.apiserver.openapi.KnownFields;
import io.skiff.apiserver.openapi.OpenApiDocuments;
import io.skiff.apiserver.printing.TablePrinter;
import io.skiff.apiserver.protobuf.ProtobufDecoder;
import io.skiff.apiserver.registry.ObjectRegistry;
import io.skiff.apiserver.registry.PodBinding;
import io.skiff.apiserver.registry.PodEviction;
import io.skiff.apiserver.registry.ScaleSubresource;
import io.skiff.apiserver.rest.AdmissionWarningsFilter;
import io.skiff.apiserver.rest.CreateOnlyResource;
import io.skiff.apiserver.rest.DiscoveryHandler;
import io.skiff.apiserver.rest.InFlightLimiter;
import io.skiff.apiserver.rest.OpenApiHandler;
import io.skiff.apiserver.rest.PodExec;
import io.skiff.apiserver.rest.PodExecProxy;
import io.skiff.apiserver.rest.PodLogs;
import io.skiff.apiserver.rest.ReadConsistency;
import io.skiff.apiserver.rest.RequestBodies;
import io.skiff.apiserver.rest.ResourceHandler;
import io.skiff.apiserver.rest.ServerInfoHandler;
import io.skiff.apiserver.rest.StatusExceptionHandler;
import io.skiff.apiserver.rest.SubresourceHandler;
import io.skiff.apiserver.rest.WatchStreams;
import io.skiff.apiserver.rest.WebSocketWatchHandler;
import io.skiff.apiserver.storage.ChangeFeed;
import io.skiff.apiserver.storage.RegistryReader;
import io.skiff.apiserver.watch.WatchCache;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.WebFilter;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;

/** The HTTP surface: Kubernetes resource paths, discovery, version and health. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
    ApiServerProperties.class,
    DatastoreProperties.class,
    AdmissionProperties.class,
    KubeletClientProperties.class
})
public class ApiConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ApiConfiguration.class);

    /**
     * Netty event loops of this application context alone: with Reactor's global resources,
     * stopping one Skiff service in a JVM that hosts several would stop the others' servers too.
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        // Open watches are closed before this point, so there is nothing to wait quietly for.
        factory.setShutdownQuietPeriod(Duration.ZERO);
        return factory;
    }

    /**
     * The client pods/log reaches kubelets with, on this context's event loops: TLS with the kubelet
     * client certificate when one is configured ({@link KubeletClientProperties}).
     */
    private static WebClient kubeletClient(ReactorResourceFactory resources, KubeletClientProperties kubelets) {
        return WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(
                        resources,
                        client -> KubeletTls.apply(
                                client.option(
                                        ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) KUBELET_DIAL_TIMEOUT.toMillis()),
                                kubelets)))
                .build();
    }

    /** How long pods/log waits for a kubelet's connection (Kubernetes' kubelet client dials for 30s). */
    private static final Duration KUBELET_DIAL_TIMEOUT = Duration.ofSeconds(30);

    /** How long a request may wait in a priority level's queue: kube-apiserver's 60 s request timeout / 4. */
    private static final Duration FLOW_CONTROL_MAX_WAIT = Duration.ofSeconds(15);

    /** Says at start which TLS engine serves HTTPS (BoringSSL, or the JDK's and why). */
    @Bean
    ApplicationRunner tlsEngineReport(ObjectProvider<ServerProperties> server) {
        return args -> {
            if (RegistryConfiguration.servesTls(server.getIfAvailable())) {
                log.info("HTTPS through {}", TlsEngine.describe());
            }
        };
    }

    /** Works around a Reactor Netty keep-alive stall; see {@link KeepAliveReads}. */
    @Bean
    KeepAliveReads keepAliveReads() {
        return new KeepAliveReads();
    }

    @Bean
    OpenApiDocuments openApiDocuments(ResourceCatalog catalog) {
        return new OpenApiDocuments(catalog);
    }

    @Bean
    ReadConsistency readConsistency(
            WatchCache cache,
            RegistryReader reader,
            ChangeFeed feed,
            Scheduler storageScheduler,
            ApiServerProperties properties) {
        return new ReadConsistency(cache, reader, feed, storageScheduler, properties.consistentReadTimeout());
    }

    @Bean
    ResourceHandler resourceHandler(
            OpenApiDocuments openApiDocuments,
            ResourceCatalog catalog,
            ObjectRegistry registry,
            ReadConsistency consistency,
            WatchCache cache,
            ApiServerProperties properties,
            ReactorResourceFactory reactorResources,
            PodExec exec,
            TokenRequests tokenRequests,
            KubeletClientProperties kubelets) {
        RequestBodies bodies = new RequestBodies(properties.maxRequestBytes(), ProtobufDecoder.builtin());
        ResourceType pods = catalog.byPlural("", "v1", "pods").orElseThrow();
        ResourceType nodes = catalog.byPlural("", "v1", "nodes").orElseThrow();
        ResourceType budgets =
                catalog.byPlural("policy", "v1", "poddisruptionbudgets").orElseThrow();
        Clock clock = Clock.systemUTC();
        KnownFields knownFields = new KnownFields(openApiDocuments);
        SubresourceHandler subresources = new SubresourceHandler(
                registry,
                new ScaleSubresource(registry),
                new PodBinding(registry, pods, clock),
                new PodEviction(registry, cache, pods, budgets, clock),
                bodies,
                knownFields,
                new PodLogs(registry, nodes, kubeletClient(reactorResources, kubelets), kubelets.secure()),
                exec,
                tokenRequests);
        return new ResourceHandler(
                catalog,
                registry,
                consistency,
                bodies,
                properties.minRequestTimeout(),
                new WatchStreams(),
                subresources,
                TablePrinter.builtin(clock),
                knownFields);
    }

    @Bean
    PodExec podExec(ObjectRegistry registry, ResourceCatalog catalog, KubeletClientProperties kubelets) {
        return new PodExec(
                registry,
                catalog.byPlural("", "v1", "pods").orElseThrow(),
                catalog.byPlural("", "v1", "nodes").orElseThrow(),
                kubelets.secure());
    }

    /**
     * pods/exec's WebSocket upgrades, relayed to kubelets by a WebSocket client on this context's
     * event loops (a new connection each: a relayed stream is never pooled), over TLS with the
     * kubelet client certificate when one is configured.
     */
    @Bean
    PodExecProxy.Mapping podExecMapping(
            PodExec exec, ReactorResourceFactory reactorResources, KubeletClientProperties kubeletClient) {
        HttpClient kubelets = KubeletTls.apply(
                HttpClient.newConnection()
                        .runOn(reactorResources.getLoopResources())
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) KUBELET_DIAL_TIMEOUT.toMillis()),
                kubeletClient);
        return new PodExecProxy.Mapping(
                new PodExecProxy(exec, new HandshakeWebSocketService(), new ReactorNettyWebSocketClient(kubelets)));
    }

    @Bean
    WebSocketWatchHandler.Mapping webSocketWatchMapping(ResourceHandler resources) {
        return new WebSocketWatchHandler.Mapping(new WebSocketWatchHandler(resources));
    }

    @Bean
    StatusExceptionHandler statusExceptionHandler() {
        return new StatusExceptionHandler();
    }

    /**
     * The request limits: API Priority and Fairness by default, else kube-apiserver's older two
     * max-in-flight limits.
     */
    @Bean
    WebFilter requestLimits(
            ApiServerProperties properties, WatchCache cache, ResourceCatalog catalog, MeterRegistry meters) {
        int serverConcurrency = properties.requestsInFlight() + properties.mutatingRequestsInFlight();
        log.info(
                "Requests served at once: {} reads + {} writes{} ({} cores){}",
                properties.requestsInFlight(),
                properties.mutatingRequestsInFlight(),
                properties.inFlightSizedToMachine() ? ", sized to the machine" : "",
                Runtime.getRuntime().availableProcessors(),
                properties.enablePriorityAndFairness() ? ", shared by priority and fairness's levels" : "");
        if (properties.enablePriorityAndFairness()) {
            PriorityAndFairness flowControl = new PriorityAndFairness(
                    serverConcurrency,
                    FLOW_CONTROL_MAX_WAIT,
                    cache::objectCount,
                    new StoredConfiguration(cache, catalog),
                    meters);
            registerInFlightGauges(
                    meters, flowControl, PriorityAndFairness::inFlightReadOnly, PriorityAndFairness::inFlightMutating);
            return flowControl;
        }
        InFlightLimiter limiter =
                new InFlightLimiter(properties.requestsInFlight(), properties.mutatingRequestsInFlight());
        registerInFlightGauges(meters, limiter, InFlightLimiter::inFlightReadOnly, InFlightLimiter::inFlightMutating);
        return limiter;
    }

    /**
     * The FlowSchema and PriorityLevelConfiguration objects of the configuration priority and
     * fairness runs, made or brought back at start as kube-apiserver's APF bootstrap does.
     */
    @Bean
    ApplicationRunner flowControlConfiguration(
            ApiServerProperties properties, ObjectRegistry registry, ResourceCatalog catalog) {
        return args -> {
            if (properties.enablePriorityAndFairness()) {
                new ConfigurationReconciler(registry, catalog, Clock.systemUTC()).ensure();
            }
        };
    }

    /** apiserver_current_inflight_requests, which Kubernetes reports with either limit. */
    private static <T> void registerInFlightGauges(
            MeterRegistry meters, T limits, ToDoubleFunction<T> readOnly, ToDoubleFunction<T> mutating) {
        Gauge.builder("apiserver_current_inflight_requests", limits, readOnly)
                .tag("request_kind", "readOnly")
                .register(meters);
        Gauge.builder("apiserver_current_inflight_requests", limits, mutating)
                .tag("request_kind", "mutating")
                .register(meters);
    }

    @Bean
    RequestMetricsFilter requestMetricsFilter(MeterRegistry meters) {
        return new RequestMetricsFilter(meters);
    }

    @Bean
    AdmissionWarningsFilter admissionWarningsFilter() {
        return new AdmissionWarningsFilter();
    }

    @Bean
    RouterFunction<ServerResponse> apiRoutes(
            OpenApiDocuments openApiDocuments,
            ResourceCatalog catalog,
            ResourceHandler resources,
            WatchCache cache,
            ChangeFeed feed,
            TokenReviews tokenReviews,
            AccessReviews accessReviews) {
        List<CreateOnlyResource> createOnly = new ArrayList<>();
        createOnly.add(CreateOnlyResource.clusterScoped(
                "authentication.k8s.io", "SelfSubjectReview", "selfsubjectreviews", new SelfSubjectReviews()::create));
        createOnly.add(CreateOnlyResource.clusterScoped(
                "authentication.k8s.io", "TokenReview", "tokenreviews", tokenReviews::create));
        createOnly.addAll(accessReviews.resources());
        DiscoveryHandler discovery = new DiscoveryHandler(catalog, createOnly);
        OpenApiHandler openapi = new OpenApiHandler(openApiDocuments);
        ServerInfoHandler info = new ServerInfoHandler(cache, feed);
        RouterFunctions.Builder routes = RouterFunctions.route()
                .GET("/version", info::version)
                .GET("/healthz", info::ready)
                .GET("/livez", info::live)
                .GET("/readyz", info::ready)
                .GET("/openapi/v2", openapi::v2)
                .GET("/openapi/v3", openapi::v3Index)
                .GET("/openapi/v3/**", openapi::v3);
        for (CreateOnlyResource resource : createOnly) {
            routes.POST(resource.path(), resource.create());
            routes.route(RequestPredicates.path(resource.path()), CreateOnlyResource::methodNotAllowed);
        }
        return routes.GET("/api", discovery::coreVersions)
                .GET("/api/v1", request -> discovery.resources("", "v1"))
                .GET("/apis", discovery::groups)
                .GET("/apis/{group}", discovery::group)
                .GET(
                        "/apis/{group}/{version}",
                        request -> discovery.resources(request.pathVariable("group"), request.pathVariable("version")))
                .route(RequestPredicates.path("/api/**").or(RequestPredicates.path("/apis/**")), resources::handle)
                .build();
    }
}
