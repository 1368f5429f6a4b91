package io.skiff.apiserver.config;

import io.skiff.apiserver.allocation.ServiceAllocator;
import io.skiff.apiserver.kubernetesservice.ApiServerEndpoint;
import io.skiff.apiserver.kubernetesservice.KubernetesServiceReconciler;
import io.skiff.apiserver.registry.ObjectRegistry;
import io.skiff.apiserver.watch.WatchCache;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Keeps the {@code kubernetes} Service and its endpoints once the server listens (its port is known
 * only then): a round at once, then every reconcile interval; on shutdown this server leaves the
 * endpoints.
 */
@Configuration(proxyBeanMethods = false)
public class KubernetesServiceConfiguration {

    @Bean
    KubernetesServiceLoop kubernetesServiceLoop(
            ObjectRegistry registry,
            WatchCache cache,
            ServiceAllocator allocator,
            ApiServerProperties properties,
            Environment environment) {
        return new KubernetesServiceLoop(registry, cache, allocator, properties, environment);
    }

    /** Runs the reconciler on its own thread for as long as the server serves. */
    static final class KubernetesServiceLoop implements ApplicationListener<WebServerInitializedEvent>, SmartLifecycle {

        private static final Logger log = LoggerFactory.getLogger(KubernetesServiceLoop.class);
        private static final long RETRY_MILLIS = 1000;

        private final ObjectRegistry registry;
        private final WatchCache cache;
        private final ServiceAllocator allocator;
        private final ApiServerProperties properties;
        private final Environment environment;
        private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "skiff-kubernetes-service");
            t.setDaemon(true);
            return t;
        });
        private volatile KubernetesServiceReconciler reconciler;
        /** From construction: the web server (and its event) starts before this lifecycle would. */
        private volatile boolean running = true;

        private int failures;

        KubernetesServiceLoop(
                ObjectRegistry registry,
                WatchCache cache,
                ServiceAllocator allocator,
                ApiServerProperties properties,
                Environment environment) {
            this.registry = registry;
            this.cache = cache;
            this.allocator = allocator;
            this.properties = properties;
            this.environment = environment;
        }

        @Override
        public void onApplicationEvent(WebServerInitializedEvent event) {
            if (event.getApplicationContext().getServerNamespace() != null) {
                return; // the management server
            }
            int port = properties.advertisePort() != null
                    ? properties.advertisePort()
                    : event.getWebServer().getPort();
            Optional<ApiServerEndpoint> self = ApiServerEndpoint.choose(
                    properties.advertiseAddress(), environment.getProperty("server.address"), port);
            if (self.isEmpty()) {
                log.warn("No address to publish in the kubernetes Service's endpoints (set"
                        + " skiff.apiserver.advertise-address); keeping the Service without endpoints");
            }
            reconciler = new KubernetesServiceReconciler(
                    registry,
                    cache,
                    allocator.ipRange(),
                    self.orElse(new ApiServerEndpoint("", port)),
                    properties.endpointLeaseDuration(),
                    Clock.systemUTC());
            self.ifPresent(endpoint -> log.info(
                    "Publishing {}:{} in the kubernetes Service's endpoints", endpoint.address(), endpoint.port()));
            executor.execute(() -> tick(self.isPresent()));
        }

        private void tick(boolean publish) {
            long delay = properties.endpointReconcileInterval().toMillis();
            try {
                if (publish) {
                    reconciler.reconcile();
                } else {
                    reconciler.ensureServiceOnly();
                }
                failures = 0;
            } catch (RuntimeException e) {
                // The first round may run before the system namespaces exist.
                if (++failures > 5) {
                    log.warn("Reconciling the kubernetes Service failed, retrying: {}", e.toString());
                }
                delay = Math.min(delay, RETRY_MILLIS);
            }
            if (running) {
                executor.schedule(() -> tick(publish), delay, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            executor.shutdownNow();
            KubernetesServiceReconciler current = reconciler;
            if (current != null && current.publishes()) {
                try {
                    current.withdraw();
                } catch (RuntimeException e) {
                    log.warn("Could not leave the kubernetes Service's endpoints: {}", e.toString());
                }
            }
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        /** Stops before the web server and the registry it writes through. */
        @Override
        public int getPhase() {
            return Integer.MAX_VALUE - 1;
        }
    }
}
