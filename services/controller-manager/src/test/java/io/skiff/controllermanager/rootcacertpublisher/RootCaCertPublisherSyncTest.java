package io.skiff.controllermanager.rootcacertpublisher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.skiff.component.client.ApiClientProperties;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.model.api.Statuses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class RootCaCertPublisherSyncTest {

    private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    private final CacheIndexer<Namespace> namespaces = new CacheIndexer<>();
    private final CacheIndexer<ConfigMap> configMaps = new CacheIndexer<>();
    private final List<ConfigMap> created = new ArrayList<>();
    private final List<ConfigMap> updated = new ArrayList<>();
    private Mono<ConfigMap> reply;

    private final RootCaCertPublisherSync sync = new RootCaCertPublisherSync(
            new Lister<>(namespaces),
            new Lister<>(configMaps),
            new RootCaCertPublisherSync.ConfigMaps() {
                @Override
                public Mono<ConfigMap> create(ConfigMap configMap) {
                    created.add(configMap);
                    return reply == null ? Mono.just(configMap) : reply;
                }

                @Override
                public Mono<ConfigMap> update(ConfigMap configMap) {
                    updated.add(configMap);
                    return Mono.just(configMap);
                }
            },
            CA,
            Duration.ofSeconds(5));

    @Test
    void aNamespaceWithoutTheConfigMapGetsItWithTheCaAndTheDescription() {
        namespaces.put(namespace("team", false));

        sync.sync("team");

        assertThat(created).hasSize(1);
        ConfigMap configMap = created.get(0);
        assertThat(configMap.getMetadata().getNamespace()).isEqualTo("team");
        assertThat(configMap.getMetadata().getName()).isEqualTo("kube-root-ca.crt");
        assertThat(configMap.getData()).isEqualTo(Map.of("ca.crt", CA));
        assertThat(configMap.getMetadata().getAnnotations())
                .containsEntry(
                        "kubernetes.io/description",
                        "Contains a CA bundle that can be used to verify the kube-apiserver when using internal"
                                + " endpoints such as the internal service IP or kubernetes.default.svc. No other"
                                + " usage is guaranteed across distributions of Kubernetes clusters.");
        assertThat(updated).isEmpty();
    }

    @Test
    void aConfigMapThatIsAlreadyRightIsLeftAlone() {
        namespaces.put(namespace("team", false));
        configMaps.put(configMap(
                Map.of("ca.crt", CA),
                Map.of(RootCaCertPublisherSync.DESCRIPTION_ANNOTATION, RootCaCertPublisherSync.DESCRIPTION)));

        sync.sync("team");

        assertThat(created).isEmpty();
        assertThat(updated).isEmpty();
    }

    @Test
    void anEditedConfigMapIsSetBackKeepingOtherAnnotations() {
        namespaces.put(namespace("team", false));
        configMaps.put(configMap(Map.of("ca.crt", "tampered", "extra", "x"), Map.of("mine", "kept")));

        sync.sync("team");

        assertThat(updated).hasSize(1);
        ConfigMap corrected = updated.get(0);
        assertThat(corrected.getData()).isEqualTo(Map.of("ca.crt", CA));
        assertThat(corrected.getMetadata().getAnnotations())
                .containsEntry("mine", "kept")
                .containsEntry(RootCaCertPublisherSync.DESCRIPTION_ANNOTATION, RootCaCertPublisherSync.DESCRIPTION);
        assertThat(corrected.getMetadata().getResourceVersion()).isEqualTo("7");
    }

    @Test
    void aMissingAnnotationAloneIsPutBack() {
        namespaces.put(namespace("team", false));
        configMaps.put(configMap(Map.of("ca.crt", CA), null));

        sync.sync("team");

        assertThat(updated).hasSize(1);
    }

    @Test
    void aNamespaceBeingDeletedOrGoneGetsNothing() {
        namespaces.put(namespace("leaving", true));

        sync.sync("leaving");
        sync.sync("gone");

        assertThat(created).isEmpty();
    }

    @Test
    void aNamespaceRemovedDuringTheCreateIsNoFailure() {
        namespaces.put(namespace("team", false));
        reply = Mono.error(Statuses.notFound("", "namespaces", "team"));

        sync.sync("team");

        assertThat(created).hasSize(1);
    }

    @Test
    void theRootCaFileWinsOverTheCaTheClientTrusts() {
        ApiClientProperties trusting = ApiClientProperties.defaults()
                .withTls(new ApiClientProperties.TlsSettings(Path.of("/etc/client-ca.crt"), null, null));
        assertThat(RootCaCertPublisherConfiguration.caSource("/etc/root-ca.crt", trusting))
                .contains(Path.of("/etc/root-ca.crt"));
        assertThat(RootCaCertPublisherConfiguration.caSource("", trusting)).contains(Path.of("/etc/client-ca.crt"));
        assertThat(RootCaCertPublisherConfiguration.caSource("", ApiClientProperties.defaults()))
                .isEmpty();
    }

    private static Namespace namespace(String name, boolean deleting) {
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withDeletionTimestamp(deleting ? "2026-01-01T00:00:00Z" : null)
                .endMetadata()
                .withNewStatus()
                .withPhase(deleting ? "Terminating" : "Active")
                .endStatus()
                .build();
    }

    private static ConfigMap configMap(Map<String, String> data, Map<String, String> annotations) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace("team")
                .withName("kube-root-ca.crt")
                .withResourceVersion("7")
                .withAnnotations(annotations)
                .endMetadata()
                .withData(data)
                .build();
    }
}
