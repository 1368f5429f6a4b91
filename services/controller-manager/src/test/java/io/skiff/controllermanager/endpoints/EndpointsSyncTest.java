package io.skiff.controllermanager.endpoints;

import static io.skiff.controllermanager.testing.PodMaker.pod;
import static io.skiff.controllermanager.testing.ServiceMaker.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.serviceendpoints.TriggerTimeTracker;
import io.skiff.controllermanager.testing.RecordingEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class EndpointsSyncTest {

    private final CacheIndexer<Service> services = new CacheIndexer<>();
    private final CacheIndexer<Pod> pods = new CacheIndexer<>();
    private final CacheIndexer<Endpoints> endpoints = new CacheIndexer<>();
    private final List<Endpoints> created = new ArrayList<>();
    private final List<Endpoints> updated = new ArrayList<>();
    private final List<String> deleted = new ArrayList<>();
    private final RecordingEvents events = new RecordingEvents();
    private final EndpointsSync sync = new EndpointsSync(
            new Lister<>(services),
            new Lister<>(pods),
            new Lister<>(endpoints),
            new EndpointsWriter() {
                @Override
                public Mono<Endpoints> create(Endpoints e) {
                    created.add(e);
                    return Mono.just(e);
                }

                @Override
                public Mono<Endpoints> update(Endpoints e) {
                    updated.add(e);
                    Endpoints written = new EndpointsBuilder(e).build();
                    written.getMetadata().setResourceVersion("2");
                    return Mono.just(written);
                }

                @Override
                public Mono<Void> delete(String namespace, String name) {
                    deleted.add(namespace + "/" + name);
                    return Mono.empty();
                }
            },
            events,
            new TriggerTimeTracker(),
            Duration.ofSeconds(5));

    @Test
    void readyPodsAreAddressesAndOthersNotReadyAddressesOnTheirNamedPort() {
        services.put(service("web")
                .port("http", "http")
                .labels(Map.of("tier", "front"))
                .build());
        pods.put(pod("a").ip("10.0.0.2")
                .containerPort("http", 8080)
                .node("n1")
                .readySecondsAgo(5)
                .build());
        pods.put(pod("b").ip("10.0.0.1").containerPort("http", 8080).notReady().build());
        pods.put(pod("no-ip").containerPort("http", 8080).readySecondsAgo(5).build());
        pods.put(pod("done").ip("10.0.0.3").phase("Succeeded").build());
        pods.put(pod("other")
                .label("app", "db")
                .ip("10.0.0.4")
                .readySecondsAgo(5)
                .build());

        sync.sync("default/web");

        Endpoints written = created.get(0);
        assertThat(written.getMetadata().getName()).isEqualTo("web");
        assertThat(written.getMetadata().getLabels()).isEqualTo(Map.of("tier", "front"));
        assertThat(written.getMetadata().getAnnotations())
                .containsKey("endpoints.kubernetes.io/last-change-trigger-time");
        assertThat(written.getSubsets()).hasSize(1);
        EndpointSubset subset = written.getSubsets().get(0);
        assertThat(subset.getAddresses()).extracting(EndpointAddress::getIp).containsExactly("10.0.0.2");
        assertThat(subset.getAddresses().get(0).getNodeName()).isEqualTo("n1");
        assertThat(subset.getAddresses().get(0).getTargetRef().getName()).isEqualTo("a");
        assertThat(subset.getNotReadyAddresses())
                .extracting(EndpointAddress::getIp)
                .containsExactly("10.0.0.1");
        assertThat(subset.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getPort()).isEqualTo(8080);
            assertThat(port.getProtocol()).isEqualTo("TCP");
        });
    }

    @Test
    void publishNotReadyAddressesListsNotReadyAndTerminatingPodsAsReady() {
        services.put(
                service("web").port("http", "8080").publishNotReadyAddresses().build());
        pods.put(pod("a").ip("10.0.0.1").notReady().build());
        pods.put(pod("b").ip("10.0.0.2").readySecondsAgo(5).terminating().build());

        sync.sync("default/web");

        assertThat(created.get(0).getSubsets().get(0).getAddresses())
                .extracting(EndpointAddress::getIp)
                .containsExactly("10.0.0.1", "10.0.0.2");
    }

    @Test
    void terminatingPodsAreLeftOut() {
        services.put(service("web").port("http", "8080").build());
        pods.put(pod("a").ip("10.0.0.1").readySecondsAgo(5).terminating().build());

        sync.sync("default/web");

        assertThat(created.get(0).getSubsets()).isNullOrEmpty();
    }

    @Test
    void headlessServicesAreLabelledAndNameTheirPodsHostnames() {
        services.put(service("web").headless().build());
        pods.put(pod("a").ip("10.0.0.1").hostname("a", "web").readySecondsAgo(5).build());

        sync.sync("default/web");

        Endpoints written = created.get(0);
        assertThat(written.getMetadata().getLabels()).containsEntry("service.kubernetes.io/headless", "");
        assertThat(written.getSubsets().get(0).getAddresses().get(0).getHostname())
                .isEqualTo("a");
        assertThat(written.getSubsets().get(0).getPorts()).isNullOrEmpty();
    }

    @Test
    void aPodWithoutTheNamedPortIsLeftOutOfThatPort() {
        services.put(service("web").port("http", "http").build());
        pods.put(pod("a").ip("10.0.0.1")
                .containerPort("metrics", 9090)
                .readySecondsAgo(5)
                .build());

        sync.sync("default/web");

        assertThat(created.get(0).getSubsets()).isNullOrEmpty();
    }

    @Test
    void endpointsOfADeletedServiceAreDeleted() {
        sync.sync("default/gone");

        assertThat(deleted).containsExactly("default/gone");
    }

    @Test
    void servicesWithoutSelectorAreLeftAlone() {
        services.put(service("manual").withoutSelector().build());

        sync.sync("default/manual");

        assertThat(created).isEmpty();
        assertThat(updated).isEmpty();
        assertThat(deleted).isEmpty();
    }

    @Test
    void endpointsAlreadyRightAreNotWrittenAgain() {
        services.put(service("web").port("http", "8080").build());
        pods.put(pod("a").ip("10.0.0.1").readySecondsAgo(5).build());
        sync.sync("default/web");
        Endpoints stored = new EndpointsBuilder(created.get(0)).build();
        stored.getMetadata().setResourceVersion("1");
        endpoints.put(stored);

        sync.sync("default/web");

        assertThat(created).hasSize(1);
        assertThat(updated).isEmpty();
    }

    @Test
    void aCacheStillShowingWhatThisSyncReplacedIsStale() {
        services.put(service("web").port("http", "8080").build());
        endpoints.put(new EndpointsBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("web")
                .withResourceVersion("1")
                .endMetadata()
                .build());
        pods.put(pod("a").ip("10.0.0.1").readySecondsAgo(5).build());
        sync.sync("default/web");
        assertThat(updated).hasSize(1);
        pods.put(pod("b").ip("10.0.0.2").readySecondsAgo(5).build());

        assertThatThrownBy(() -> sync.sync("default/web")).hasMessageContaining("informer cache is out of date");
    }

    @Test
    void aSyncThatFailsLeavesItsTriggerTimeToTheRetry() {
        services.put(service("web").port("http", "8080").build());
        endpoints.put(new EndpointsBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("web")
                .withResourceVersion("1")
                .endMetadata()
                .build());
        pods.put(pod("a").ip("10.0.0.1").readySecondsAgo(5).build());
        sync.sync("default/web");
        pods.put(pod("b").ip("10.0.0.2").readySecondsAgo(1).build());
        assertThatThrownBy(() -> sync.sync("default/web")).hasMessageContaining("informer cache is out of date");

        // The cache catches up with the first write; the retry still says when pod b became ready.
        endpoints.put(new EndpointsBuilder(updated.get(0))
                .editMetadata()
                .withResourceVersion("2")
                .endMetadata()
                .build());
        sync.sync("default/web");

        assertThat(updated).hasSize(2);
        assertThat(updated.get(1).getMetadata().getAnnotations())
                .containsKey("endpoints.kubernetes.io/last-change-trigger-time");
    }

    @Test
    void moreThanAThousandAddressesAreTruncatedReadyFirst() {
        services.put(service("web").port("http", "8080").build());
        for (int i = 0; i < 1010; i++) {
            String ip = "10.1." + (i / 250) + "." + (i % 250);
            pods.put(
                    i < 990
                            ? pod("p" + i).ip(ip).readySecondsAgo(5).build()
                            : pod("p" + i).ip(ip).notReady().build());
        }

        sync.sync("default/web");

        Endpoints written = created.get(0);
        assertThat(written.getMetadata().getAnnotations())
                .containsEntry("endpoints.kubernetes.io/over-capacity", "truncated");
        EndpointSubset subset = written.getSubsets().get(0);
        assertThat(subset.getAddresses()).hasSize(990);
        assertThat(subset.getNotReadyAddresses()).hasSize(10);
    }
}
