package io.skiff.controllermanager.resourcequota;

import static io.skiff.controllermanager.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.testing.ManualClock;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EvaluatorsTest {

    private final PodEvaluator pods = new PodEvaluator(new Lister<>(new CacheIndexer<>()), new ManualClock());
    private final ServiceEvaluator services = new ServiceEvaluator(new Lister<>(new CacheIndexer<>()));

    /**
     * @param change what an update does to a running pod that requests 1 cpu
     * @param recount whether quotas must count again
     */
    record PodUpdate(String name, UnaryOperator<Pod> change, boolean recount) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<PodUpdate> podUpdates() {
        return Stream.of(
                new PodUpdate("finishing frees its compute quota", p -> phase(p, "Succeeded"), true),
                new PodUpdate(
                        "becoming ready changes nothing quota counts",
                        p -> {
                            p.getStatus().setPodIP("10.244.0.5");
                            return p;
                        },
                        false),
                new PodUpdate(
                        "a new label changes nothing quota counts",
                        p -> {
                            p.getMetadata().setLabels(Map.of("tier", "front"));
                            return p;
                        },
                        false),
                new PodUpdate(
                        "an active deadline moves it into the Terminating scope",
                        p -> {
                            p.getSpec().setActiveDeadlineSeconds(30L);
                            return p;
                        },
                        true),
                new PodUpdate(
                        "a resized request changes its usage",
                        p -> {
                            p.getSpec()
                                    .getContainers()
                                    .get(0)
                                    .getResources()
                                    .setRequests(Map.of("cpu", new Quantity("2")));
                            return p;
                        },
                        true));
    }

    @ParameterizedTest
    @MethodSource("podUpdates")
    void podUpdatesThatMatterToQuota(PodUpdate update) {
        Pod before = requesting("1");
        Pod after = update.change().apply(requesting("1"));
        assertThat(pods.countsDifferently(before, after)).isEqualTo(update.recount());
    }

    @Test
    void aServiceChangingTypeIsCountedAgainButNotOneKeepingIt() {
        assertThat(services.countsDifferently(service("ClusterIP"), service("NodePort")))
                .isTrue();
        assertThat(services.countsDifferently(service("ClusterIP"), service("ClusterIP")))
                .isFalse();
    }

    @Test
    void eachEvaluatorClaimsItsOwnQuotaNames() {
        List<String> hard = List.of(
                "pods",
                "count/pods",
                "requests.cpu",
                "requests.example.com/gpu",
                "example.com/gpu",
                "requests.hugepages-1Gi",
                "services",
                "services.nodeports",
                "requests.storage",
                "gold.storageclass.storage.k8s.io/requests.storage",
                "count/secrets",
                "secrets",
                "count/deployments.apps");
        assertThat(pods.matchingResources(hard))
                .containsExactly(
                        "pods", "count/pods", "requests.cpu", "requests.example.com/gpu", "requests.hugepages-1Gi");
        assertThat(services.matchingResources(hard)).containsExactly("services", "services.nodeports");
        assertThat(new PersistentVolumeClaimEvaluator(new Lister<>(new CacheIndexer<>())).matchingResources(hard))
                .containsExactly("requests.storage", "gold.storageclass.storage.k8s.io/requests.storage");
        assertThat(new ObjectCountEvaluator<>("secrets", "secrets", new Lister<>(new CacheIndexer<>()))
                        .matchingResources(hard))
                .containsExactly("count/secrets", "secrets");
        assertThat(new ObjectCountEvaluator<>("deployments.apps", null, new Lister<>(new CacheIndexer<>()))
                        .matchingResources(hard))
                .containsExactly("count/deployments.apps");
    }

    private static Pod requesting(String cpu) {
        Pod pod = pod("p").build();
        pod.getSpec()
                .setContainers(List.of(new io.fabric8.kubernetes.api.model.ContainerBuilder()
                        .withName("app")
                        .withNewResources()
                        .withRequests(Map.of("cpu", new Quantity(cpu)))
                        .endResources()
                        .build()));
        return pod;
    }

    private static Pod phase(Pod pod, String phase) {
        pod.getStatus().setPhase(phase);
        return pod;
    }

    private static Service service(String type) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("s")
                .endMetadata()
                .withNewSpec()
                .withType(type)
                .addNewPort()
                .withPort(80)
                .endPort()
                .endSpec()
                .build();
    }
}
