package io.skiff.apiserver.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.apiserver.admission.AdmissionChain;
import io.skiff.apiserver.admission.CachedReads;
import io.skiff.apiserver.admission.RegistryWrites;
import io.skiff.apiserver.admission.plugins.AdmissionPlugins;
import io.skiff.apiserver.allocation.NodePortRange;
import io.skiff.apiserver.allocation.ServiceAllocator;
import io.skiff.apiserver.allocation.ServiceIpRange;
import io.skiff.apiserver.authorization.AuthorizationModes;
import io.skiff.apiserver.authorization.rbac.EscalationCheck;
import io.skiff.apiserver.authorization.rbac.RbacPolicySource;
import io.skiff.apiserver.defaulting.CreateStrategies;
import io.skiff.apiserver.defaulting.ObjectDefaulting;
import io.skiff.apiserver.encryption.EncryptionConfigurationFile;
import io.skiff.apiserver.encryption.EncryptionProperties;
import io.skiff.apiserver.encryption.ReloadingEncryption;
import io.skiff.apiserver.registry.ObjectRegistry;
import io.skiff.apiserver.registry.SystemNamespaces;
import io.skiff.apiserver.registry.SystemPriorityClasses;
import io.skiff.apiserver.storage.ChangeFeed;
import io.skiff.apiserver.storage.Compactor;
import io.skiff.apiserver.storage.DatastoreEndpoint;
import io.skiff.apiserver.storage.RegistryReader;
import io.skiff.apiserver.storage.RegistryWriter;
import io.skiff.apiserver.storage.ValueTransformer;
import io.skiff.apiserver.validation.ObjectValidation;
import io.skiff.apiserver.watch.ObjectReads;
import io.skiff.apiserver.watch.WatchCache;
import io.skiff.apiserver.watch.WatchCacheHealthIndicator;
import io.skiff.model.catalog.ResourceCatalog;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The registry: the watch cache loads a snapshot, the change feed continues from its revision, the
 * writer hands its commits to the feed, and periodic tasks send bookmarks and compact the log.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EncryptionProperties.class)
public class RegistryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RegistryConfiguration.class);

    @Bean
    ResourceCatalog resourceCatalog() {
        return ResourceCatalog.builtin();
    }

    /**
     * Encryption at rest when an EncryptionConfiguration is given; every API server on one database
     * must be given the same file (see docs/apiserver.md, Encryption at rest).
     */
    @Bean
    ValueTransformer valueTransformer(EncryptionProperties properties, MeterRegistry meters) {
        Path file = properties.encryptionProviderConfig();
        if (file == null) {
            return ValueTransformer.IDENTITY;
        }
        if (properties.encryptionProviderConfigAutomaticReload()) {
            log.info(
                    "Encryption at rest configured from {}, checked for changes every {}",
                    file,
                    properties.encryptionProviderConfigReloadInterval());
            return new ReloadingEncryption(file, properties.encryptionProviderConfigReloadInterval(), meters);
        }
        log.info("Encryption at rest configured from {}", file);
        return EncryptionConfigurationFile.load(file);
    }

    @Bean
    RegistryReader registryReader(DataSource dataSource, ValueTransformer transformer) {
        return new RegistryReader(dataSource, transformer);
    }

    @Bean
    WatchCache watchCache(
            ResourceCatalog catalog, RegistryReader reader, ApiServerProperties properties, MeterRegistry meters) {
        WatchCache cache =
                new WatchCache(catalog, reader, properties.watchEventWindow(), properties.watcherBufferSize());
        cache.load();
        Gauge.builder("apiserver_registered_watchers", cache, WatchCache::watcherCount)
                .description("Open watches")
                .register(meters);
        Gauge.builder("skiff_watch_cache_revision", cache, WatchCache::revision)
                .description("Newest revision applied to the watch cache")
                .register(meters);
        return cache;
    }

    @Bean
    WatchCacheHealthIndicator watchCacheHealthIndicator(WatchCache cache, ChangeFeed feed) {
        return new WatchCacheHealthIndicator(cache, feed);
    }

    /**
     * Ends open watches when the server stops, before the web server's graceful shutdown, which
     * would otherwise wait for these never-ending requests.
     */
    @Bean
    SmartLifecycle watchShutdown(WatchCache cache) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                cache.closeAllWatchers();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }

    @Bean(destroyMethod = "close")
    ChangeFeed changeFeed(DatastoreEndpoint endpoint, ValueTransformer transformer, WatchCache cache) {
        ChangeFeed feed = new ChangeFeed(endpoint, transformer, cache, cache.revision());
        cache.onReload(feed::restartFrom);
        return feed;
    }

    @Bean(destroyMethod = "close")
    RegistryWriter registryWriter(
            DatastoreEndpoint endpoint,
            ValueTransformer transformer,
            DatastoreProperties properties,
            ChangeFeed feed,
            MeterRegistry meters) {
        return new RegistryWriter(endpoint, transformer, properties.maxWriteBatch(), feed, meters);
    }

    @Bean(destroyMethod = "dispose")
    Scheduler storageScheduler() {
        return Schedulers.newBoundedElastic(64, 100_000, "skiff-storage");
    }

    /** Cluster IPs and node ports, loaded from what the database holds. */
    @Bean
    ServiceAllocator serviceAllocator(RegistryReader reader, ApiServerProperties properties) {
        ServiceAllocator allocator = new ServiceAllocator(
                ServiceIpRange.parse(properties.serviceClusterIpRange()),
                NodePortRange.parse(properties.serviceNodePortRange()),
                reader::allocated,
                new SecureRandom());
        allocator.reload();
        return allocator;
    }

    /** The admission chain: plugins read other objects from this server's watch cache. */
    @Bean
    AdmissionChain admissionChain(
            WatchCache cache,
            RegistryReader reader,
            RegistryWriter writer,
            AdmissionProperties properties,
            ObjectProvider<ServerProperties> server,
            RbacPolicySource rbac,
            AuthorizationModes authorization) {
        AdmissionChain chain = AdmissionPlugins.chain(
                properties.enablePlugins(),
                properties.disablePlugins(),
                new AdmissionPlugins.Context(
                        new CachedReads(new ObjectReads(cache, reader)),
                        Clock.systemUTC(),
                        servesTls(server.getIfAvailable()),
                        new RegistryWrites(writer)));
        log.info("Admission plugins: {}", chain.names());
        return chain.then(new EscalationCheck(rbac::current, authorization.authorizer()));
    }

    /** Whether this server answers over HTTPS (server.ssl with a certificate, key store or bundle). */
    static boolean servesTls(ServerProperties server) {
        Ssl ssl = server == null ? null : server.getSsl();
        return Ssl.isEnabled(ssl)
                && (ssl.getCertificate() != null || ssl.getKeyStore() != null || ssl.getBundle() != null);
    }

    @Bean
    ObjectRegistry objectRegistry(
            WatchCache cache,
            RegistryReader reader,
            RegistryWriter writer,
            Scheduler storageScheduler,
            ServiceAllocator serviceAllocator,
            AdmissionChain admissionChain) {
        return new ObjectRegistry(
                cache,
                reader,
                writer,
                ObjectDefaulting.builtin(),
                CreateStrategies.builtin(),
                ObjectValidation.builtin(),
                storageScheduler,
                Clock.systemUTC(),
                serviceAllocator,
                admissionChain);
    }

    /** The namespaces and PriorityClasses every cluster has, as kube-apiserver's bootstrap makes them. */
    @Bean
    ApplicationRunner systemObjects(ObjectRegistry registry) {
        return args -> {
            new SystemNamespaces(registry).ensure();
            new SystemPriorityClasses(registry).ensure();
        };
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService registryMaintenance(
            WatchCache cache,
            DataSource dataSource,
            RegistryReader reader,
            DatastoreProperties datastore,
            ApiServerProperties api) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "skiff-registry-maintenance");
            t.setDaemon(true);
            return t;
        });
        long bookmarkNanos = api.bookmarkInterval().toNanos();
        executor.scheduleWithFixedDelay(() -> cache.sendBookmarks(bookmarkNanos), 1, 1, TimeUnit.SECONDS);
        Compactor compactor = new Compactor(dataSource, reader);
        long compactionMillis = datastore.compactionInterval().toMillis();
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        compactor.tick();
                    } catch (RuntimeException e) {
                        log.warn("Compaction failed, will retry: {}", e.toString());
                    }
                },
                compactionMillis,
                compactionMillis,
                TimeUnit.MILLISECONDS);
        return executor;
    }
}
