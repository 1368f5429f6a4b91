package io.skiff.controllermanager.rootcacertpublisher;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.ApiClientProperties;
import io.skiff.component.client.KubeClient;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.component.leaderelection.LeaderWork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * The root-ca-cert-publisher: publishes, in every namespace, the CA that pods use to verify the API
 * server. The CA is the file {@code skiff.controllers.root-ca-file} names (--root-ca-file), else the
 * CA this controller manager itself trusts ({@code skiff.apiserver.tls.certificate-authority}). With
 * neither (an API server on plain HTTP) there is nothing to publish: the controller has no workers,
 * and says so once at start. Off with {@code skiff.controllers.root-ca-cert-publisher.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.root-ca-cert-publisher.enabled", matchIfMissing = true)
class RootCaCertPublisherConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RootCaCertPublisherConfiguration.class);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);

    /** Without a CA the controller has no workers. */
    private static final LeaderWork NOTHING_TO_PUBLISH = new LeaderWork() {
        @Override
        public void start() {}

        @Override
        public void stop() {}
    };

    @Bean
    LeaderWork rootCaCertPublisher(
            KubeClient client,
            SharedInformerFactory informers,
            ApiClientProperties api,
            @Value("${skiff.controllers.root-ca-file:}") String rootCaFile,
            ObjectProvider<MeterRegistry> registry) {
        Optional<Path> source = caSource(rootCaFile, api);
        if (source.isEmpty()) {
            log.info(
                    "{}: not publishing kube-root-ca.crt: neither skiff.controllers.root-ca-file nor a"
                            + " certificate authority for the API server (skiff.apiserver.tls.certificate-authority)"
                            + " is set; the API server is reached over plain HTTP",
                    RootCaCertPublisher.NAME);
            return NOTHING_TO_PUBLISH;
        }
        String caBundle = read(source.get());
        SharedIndexInformer<Namespace> namespaces = informers.informerFor(Namespace.class);
        SharedIndexInformer<ConfigMap> configMaps = informers.informerFor(ConfigMap.class);
        RootCaCertPublisherSync sync = new RootCaCertPublisherSync(
                namespaces.lister(),
                configMaps.lister(),
                new RootCaCertPublisherSync.ConfigMaps() {
                    @Override
                    public Mono<ConfigMap> create(ConfigMap configMap) {
                        return client.resources(ConfigMap.class).create(configMap);
                    }

                    @Override
                    public Mono<ConfigMap> update(ConfigMap configMap) {
                        return client.resources(ConfigMap.class).update(configMap);
                    }
                },
                caBundle,
                CALL_TIMEOUT);
        return new RootCaCertPublisher(
                namespaces, configMaps, sync, registry.getIfAvailable(CompositeMeterRegistry::new));
    }

    /** --root-ca-file when set, else the CA the client trusts for the API server. */
    static Optional<Path> caSource(String rootCaFile, ApiClientProperties api) {
        if (rootCaFile != null && !rootCaFile.isBlank()) {
            return Optional.of(Path.of(rootCaFile));
        }
        return Optional.ofNullable(api.tls().certificateAuthority());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the root CA " + file, e);
        }
    }
}
