package io.skiff.controllermanager.resourcequota;

import static io.skiff.controllermanager.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatus;
import io.fabric8.kubernetes.api.model.ScopedResourceSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.testing.ManualClock;
import io.skiff.controllermanager.testing.PodMaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

class ResourceQuotaSyncTest {

    /**
     * @param objects what the caches hold in namespace "default" (pods, services, claims, ...)
     * @param quota the quota synced
     * @param used the status.used written, or null when nothing is written
     */
    record Case(String name, List<Object> objects, ResourceQuota quota, Map<String, String> used) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(
                        "running pods count for pods and compute, every pod for count/pods",
                        List.of(
                                computePod("a", "250m", "128Mi", "500m", "256Mi"),
                                computePod("b", "500m", "128Mi", "1", "256Mi"),
                                withPhase(computePod("done", "1", "1Gi", "1", "1Gi"), "Succeeded"),
                                withPhase(computePod("failed", "1", "1Gi", "1", "1Gi"), "Failed")),
                        quota(
                                "pods",
                                "10",
                                "count/pods",
                                "10",
                                "requests.cpu",
                                "2",
                                "cpu",
                                "2",
                                "requests.memory",
                                "1Gi",
                                "memory",
                                "1Gi",
                                "limits.cpu",
                                "4",
                                "limits.memory",
                                "2Gi"),
                        map(
                                "pods",
                                "2",
                                "count/pods",
                                "4",
                                "requests.cpu",
                                "750m",
                                "cpu",
                                "750m",
                                "requests.memory",
                                "256Mi",
                                "memory",
                                "256Mi",
                                "limits.cpu",
                                "1500m",
                                "limits.memory",
                                "512Mi")),
                new Case(
                        "a tracked resource nothing uses is 0",
                        List.of(),
                        quota("pods", "10", "requests.memory", "1Gi"),
                        map("pods", "0", "requests.memory", "0")),
                new Case(
                        "an init container needing more than the app containers sets the pod's request",
                        List.of(podWith(
                                List.of(container("init", "500m", null)), List.of(container("app", "100m", null)))),
                        quota("requests.cpu", "4"),
                        map("requests.cpu", "500m")),
                new Case(
                        "sidecars add to the app containers and run beside later init containers",
                        List.of(podWith(
                                List.of(sidecar(container("proxy", "200m", null)), container("migrate", "250m", null)),
                                List.of(container("app", "100m", null)))),
                        quota("requests.cpu", "4"),
                        map("requests.cpu", "450m")),
                new Case(
                        "overhead adds to every request and only to limits that are set",
                        List.of(withOverhead(computePod("a", "100m", "64Mi", "200m", null), "10m", "16Mi")),
                        quota("requests.cpu", "4", "requests.memory", "1Gi", "limits.cpu", "4", "limits.memory", "1Gi"),
                        map(
                                "requests.cpu",
                                "110m",
                                "requests.memory",
                                "80Mi",
                                "limits.cpu",
                                "210m",
                                "limits.memory",
                                "0")),
                new Case(
                        "a pod stuck terminating past its grace period no longer counts, except in count/pods",
                        List.of(
                                terminating(computePod("stuck", "1", null, null, null), 600, 30),
                                terminating(computePod("leaving", "1", null, null, null), 10, 30)),
                        quota("pods", "10", "count/pods", "10", "requests.cpu", "4"),
                        map("pods", "1", "count/pods", "2", "requests.cpu", "1")),
                new Case(
                        "extended and hugepages requests count under their quota names",
                        List.of(podWith(
                                List.of(),
                                List.of(new ContainerBuilder()
                                        .withName("gpu")
                                        .withNewResources()
                                        .withRequests(Map.of(
                                                "example.com/gpu", new Quantity("2"),
                                                "hugepages-2Mi", new Quantity("4Mi")))
                                        .endResources()
                                        .build()))),
                        quota("requests.example.com/gpu", "4", "requests.hugepages-2Mi", "1Gi", "hugepages-2Mi", "1Gi"),
                        map("requests.example.com/gpu", "2", "requests.hugepages-2Mi", "4Mi", "hugepages-2Mi", "4Mi")),
                new Case(
                        "the Terminating scope counts pods with an active deadline only",
                        List.of(
                                withDeadline(computePod("job", "1", null, null, null), 60L),
                                computePod("web", "2", null, null, null)),
                        scoped(quota("pods", "10", "requests.cpu", "10"), "Terminating"),
                        map("pods", "1", "requests.cpu", "1")),
                new Case(
                        "the NotTerminating scope counts the others",
                        List.of(
                                withDeadline(computePod("job", "1", null, null, null), 60L),
                                computePod("web", "2", null, null, null)),
                        scoped(quota("pods", "10", "requests.cpu", "10"), "NotTerminating"),
                        map("pods", "1", "requests.cpu", "2")),
                new Case(
                        "the BestEffort scope counts pods that ask for no cpu or memory",
                        List.of(pod("empty").build(), computePod("web", "2", null, null, null)),
                        scoped(quota("pods", "10"), "BestEffort"),
                        map("pods", "1")),
                new Case(
                        "the NotBestEffort scope believes the qosClass the API server recorded",
                        List.of(
                                withQos(pod("recorded").build(), "Burstable"),
                                computePod("web", "2", null, null, null)),
                        scoped(quota("pods", "10"), "NotBestEffort"),
                        map("pods", "2")),
                new Case(
                        "a PriorityClass scope selector counts the pods of the named classes",
                        List.of(
                                withPriorityClass(computePod("high", "1", null, null, null), "high"),
                                withPriorityClass(computePod("low", "2", null, null, null), "low"),
                                computePod("none", "4", null, null, null)),
                        priorityScoped(quota("pods", "10", "requests.cpu", "10"), "In", "high"),
                        map("pods", "1", "requests.cpu", "1")),
                new Case(
                        "an Exists PriorityClass scope counts pods with any class",
                        List.of(
                                withPriorityClass(computePod("high", "1", null, null, null), "high"),
                                computePod("none", "4", null, null, null)),
                        priorityScoped(quota("pods", "10"), "Exists"),
                        map("pods", "1")),
                new Case(
                        "services count node ports and load balancers by type",
                        List.of(
                                service("cluster", "ClusterIP", 2, null),
                                service("node", "NodePort", 2, null),
                                service("lb", "LoadBalancer", 3, null),
                                service("lb-no-node-ports", "LoadBalancer", 2, false)),
                        quota(
                                "services",
                                "10",
                                "count/services",
                                "10",
                                "services.nodeports",
                                "10",
                                "services.loadbalancers",
                                "5"),
                        map(
                                "services",
                                "4",
                                "count/services",
                                "4",
                                "services.nodeports",
                                "5",
                                "services.loadbalancers",
                                "2")),
                new Case(
                        "claims count their storage, rounded up to bytes, also under their storage class",
                        List.of(
                                claim("a", "fast", "1Gi", null),
                                claim("b", null, "512Mi", "1Gi"),
                                claim("c", "fast", "1.5", null)),
                        quota(
                                "persistentvolumeclaims",
                                "10",
                                "count/persistentvolumeclaims",
                                "10",
                                "requests.storage",
                                "10Gi",
                                "fast.storageclass.storage.k8s.io/requests.storage",
                                "5Gi",
                                "fast.storageclass.storage.k8s.io/persistentvolumeclaims",
                                "5"),
                        map(
                                "persistentvolumeclaims",
                                "3",
                                "count/persistentvolumeclaims",
                                "3",
                                "requests.storage",
                                "2147483650",
                                "fast.storageclass.storage.k8s.io/requests.storage",
                                "1073741826",
                                "fast.storageclass.storage.k8s.io/persistentvolumeclaims",
                                "2")),
                new Case(
                        "object counts use both the legacy and the count/ names",
                        List.of(configMap("a"), configMap("b"), secret("s"), deployment("web")),
                        quota(
                                "configmaps",
                                "10",
                                "count/configmaps",
                                "10",
                                "secrets",
                                "10",
                                "count/deployments.apps",
                                "10",
                                "resourcequotas",
                                "1"),
                        map(
                                "configmaps",
                                "2",
                                "count/configmaps",
                                "2",
                                "secrets",
                                "1",
                                "count/deployments.apps",
                                "1",
                                "resourcequotas",
                                "1")),
                new Case(
                        "kinds no informer watches are counted through the API server",
                        List.of(),
                        quota("count/widgets.example.com", "10"),
                        map("count/widgets.example.com", "3")),
                new Case(
                        "names nobody measures keep what status.used said, and unknown ones stay out",
                        List.of(),
                        withUsed(
                                quota("pods", "5", "example.com/unknown", "3", "count/nothing.example.com", "1"),
                                "example.com/unknown",
                                "2"),
                        map("pods", "0", "example.com/unknown", "2")),
                new Case(
                        "usage of resources no longer limited is dropped",
                        List.of(),
                        withUsed(quota("pods", "5"), "secrets", "2"),
                        map("pods", "0")),
                new Case(
                        "a status that already says it all is not written",
                        List.of(computePod("a", "250m", null, null, null)),
                        withUsed(
                                withHard(quota("pods", "5", "requests.cpu", "1"), "pods", "5", "requests.cpu", "1"),
                                "pods",
                                "1",
                                "requests.cpu",
                                "0.25"),
                        null));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void usage(Case c) {
        Fixture fixture = new Fixture();
        c.objects().forEach(fixture::put);
        fixture.quotas.put(c.quota());

        fixture.sync.sync("default/quota");

        if (c.used() == null) {
            assertThat(fixture.written).isEmpty();
            return;
        }
        assertThat(fixture.written).hasSize(1);
        ResourceQuotaStatus status = fixture.written.get(0).getStatus();
        assertThat(strings(status.getUsed())).isEqualTo(new TreeMap<>(c.used()));
        assertThat(status.getHard()).isEqualTo(c.quota().getSpec().getHard());
        assertThat(fixture.written.get(0).getMetadata().getResourceVersion()).isEqualTo("3");
    }

    @Test
    void whatCouldBeMeasuredIsWrittenBeforeAFailedCountIsRetried() {
        Fixture fixture = new Fixture();
        fixture.put(computePod("a", "1", null, null, null));
        fixture.quotas.put(quota("pods", "5", "count/widgets.example.com", "1"));
        fixture.counterFailure = new IllegalStateException("widgets unavailable");

        assertThatThrownBy(() -> fixture.sync.sync("default/quota")).hasMessage("widgets unavailable");

        assertThat(strings(fixture.written.get(0).getStatus().getUsed())).isEqualTo(Map.of("pods", "1"));
    }

    @Test
    void aDeletedQuotaIsNothingToDo() {
        Fixture fixture = new Fixture();
        fixture.sync.sync("default/quota");
        assertThat(fixture.written).isEmpty();
    }

    private static final class Fixture {
        final CacheIndexer<Pod> pods = new CacheIndexer<>();
        final CacheIndexer<Service> services = new CacheIndexer<>();
        final CacheIndexer<PersistentVolumeClaim> claims = new CacheIndexer<>();
        final CacheIndexer<ConfigMap> configMaps = new CacheIndexer<>();
        final CacheIndexer<Secret> secrets = new CacheIndexer<>();
        final CacheIndexer<Deployment> deployments = new CacheIndexer<>();
        final CacheIndexer<ResourceQuota> quotas = new CacheIndexer<>();
        final List<ResourceQuota> written = new ArrayList<>();
        RuntimeException counterFailure;
        final ResourceQuotaSync sync;

        Fixture() {
            ObjectCounter counter = (groupResource, namespace) -> {
                if (counterFailure != null) {
                    throw counterFailure;
                }
                return groupResource.equals("widgets.example.com") ? OptionalLong.of(3) : OptionalLong.empty();
            };
            QuotaUsage usage = new QuotaUsage(
                    List.of(
                            new PodEvaluator(new Lister<>(pods), new ManualClock()),
                            new ServiceEvaluator(new Lister<>(services)),
                            new PersistentVolumeClaimEvaluator(new Lister<>(claims)),
                            new ObjectCountEvaluator<>("configmaps", "configmaps", new Lister<>(configMaps)),
                            new ObjectCountEvaluator<>("secrets", "secrets", new Lister<>(secrets)),
                            new ObjectCountEvaluator<>("resourcequotas", "resourcequotas", new Lister<>(quotas)),
                            new ObjectCountEvaluator<>("deployments.apps", null, new Lister<>(deployments))),
                    counter);
            sync = new ResourceQuotaSync(
                    new Lister<>(quotas),
                    usage,
                    quota -> {
                        written.add(quota);
                        return Mono.just(quota);
                    },
                    Duration.ofSeconds(5));
        }

        void put(Object object) {
            if (object instanceof Pod pod) {
                pods.put(pod);
            } else if (object instanceof Service service) {
                services.put(service);
            } else if (object instanceof PersistentVolumeClaim claim) {
                claims.put(claim);
            } else if (object instanceof ConfigMap configMap) {
                configMaps.put(configMap);
            } else if (object instanceof Secret secret) {
                secrets.put(secret);
            } else if (object instanceof Deployment deployment) {
                deployments.put(deployment);
            } else {
                throw new IllegalArgumentException("no cache for " + object);
            }
        }
    }

    private static Map<String, String> strings(Map<String, Quantity> list) {
        Map<String, String> strings = new TreeMap<>();
        list.forEach((name, quantity) -> strings.put(name, quantity.toString()));
        return strings;
    }

    private static Map<String, String> map(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static Map<String, Quantity> quantities(String... pairs) {
        Map<String, Quantity> list = new LinkedHashMap<>();
        map(pairs).forEach((name, amount) -> list.put(name, new Quantity(amount)));
        return list;
    }

    private static ResourceQuota quota(String... hard) {
        return new ResourceQuotaBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("quota")
                .withResourceVersion("3")
                .endMetadata()
                .withNewSpec()
                .withHard(quantities(hard))
                .endSpec()
                .build();
    }

    private static ResourceQuota withHard(ResourceQuota quota, String... hard) {
        status(quota).setHard(quantities(hard));
        return quota;
    }

    private static ResourceQuota withUsed(ResourceQuota quota, String... used) {
        status(quota).setUsed(quantities(used));
        if (quota.getStatus().getHard() == null) {
            quota.getStatus().setHard(new LinkedHashMap<>(quota.getSpec().getHard()));
        }
        return quota;
    }

    private static ResourceQuotaStatus status(ResourceQuota quota) {
        if (quota.getStatus() == null) {
            quota.setStatus(new ResourceQuotaStatus());
        }
        return quota.getStatus();
    }

    private static ResourceQuota scoped(ResourceQuota quota, String scope) {
        quota.getSpec().setScopes(List.of(scope));
        return quota;
    }

    private static ResourceQuota priorityScoped(ResourceQuota quota, String operator, String... values) {
        quota.getSpec()
                .setScopeSelector(new io.fabric8.kubernetes.api.model.ScopeSelectorBuilder()
                        .withMatchExpressions(new ScopedResourceSelectorRequirementBuilder()
                                .withScopeName("PriorityClass")
                                .withOperator(operator)
                                .withValues(values)
                                .build())
                        .build());
        return quota;
    }

    private static Container container(String name, String cpuRequest, String cpuLimit) {
        Map<String, Quantity> requests = new LinkedHashMap<>();
        if (cpuRequest != null) {
            requests.put("cpu", new Quantity(cpuRequest));
        }
        Map<String, Quantity> limits = new LinkedHashMap<>();
        if (cpuLimit != null) {
            limits.put("cpu", new Quantity(cpuLimit));
        }
        return new ContainerBuilder()
                .withName(name)
                .withNewResources()
                .withRequests(requests)
                .withLimits(limits)
                .endResources()
                .build();
    }

    private static Container sidecar(Container container) {
        container.setRestartPolicy("Always");
        return container;
    }

    private static Pod computePod(String name, String cpu, String memory, String cpuLimit, String memoryLimit) {
        Map<String, Quantity> requests = new LinkedHashMap<>();
        Map<String, Quantity> limits = new LinkedHashMap<>();
        putIfSet(requests, "cpu", cpu);
        putIfSet(requests, "memory", memory);
        putIfSet(limits, "cpu", cpuLimit);
        putIfSet(limits, "memory", memoryLimit);
        return podWith(
                List.of(),
                List.of(new ContainerBuilder()
                        .withName("app")
                        .withNewResources()
                        .withRequests(requests)
                        .withLimits(limits)
                        .endResources()
                        .build()),
                name);
    }

    private static void putIfSet(Map<String, Quantity> list, String name, String amount) {
        if (amount != null) {
            list.put(name, new Quantity(amount));
        }
    }

    private static Pod podWith(List<Container> init, List<Container> containers) {
        return podWith(init, containers, "p");
    }

    private static Pod podWith(List<Container> init, List<Container> containers, String name) {
        Pod pod = pod(name).build();
        pod.getSpec().setInitContainers(init);
        pod.getSpec().setContainers(containers);
        return pod;
    }

    private static Pod withPhase(Pod pod, String phase) {
        pod.getStatus().setPhase(phase);
        return pod;
    }

    private static Pod withOverhead(Pod pod, String cpu, String memory) {
        pod.getSpec().setOverhead(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory)));
        return pod;
    }

    private static Pod terminating(Pod pod, long deletedSecondsAgo, long grace) {
        pod.getMetadata()
                .setDeletionTimestamp(
                        PodMaker.NOW.minusSeconds(deletedSecondsAgo).toString());
        pod.getMetadata().setDeletionGracePeriodSeconds(grace);
        return pod;
    }

    private static Pod withDeadline(Pod pod, Long seconds) {
        pod.getSpec().setActiveDeadlineSeconds(seconds);
        return pod;
    }

    private static Pod withQos(Pod pod, String qosClass) {
        pod.getStatus().setQosClass(qosClass);
        return pod;
    }

    private static Pod withPriorityClass(Pod pod, String priorityClass) {
        pod.getSpec().setPriorityClassName(priorityClass);
        return pod;
    }

    private static Service service(String name, String type, int ports, Boolean allocateNodePorts) {
        ServiceBuilder service = new ServiceBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withType(type)
                .withAllocateLoadBalancerNodePorts(allocateNodePorts)
                .endSpec();
        for (int i = 0; i < ports; i++) {
            service.editSpec()
                    .addToPorts(new ServicePortBuilder()
                            .withPort(80 + i)
                            .withNodePort(allocateNodePorts == null && i == 0 ? 30000 : null)
                            .build())
                    .endSpec();
        }
        return service.build();
    }

    private static PersistentVolumeClaim claim(String name, String storageClass, String request, String allocated) {
        PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withStorageClassName(storageClass)
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity(request)))
                .endResources()
                .endSpec()
                .withNewStatus()
                .endStatus()
                .build();
        if (allocated != null) {
            claim.getStatus().setAllocatedResources(Map.of("storage", new Quantity(allocated)));
        }
        return claim;
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName(name)
                .endMetadata()
                .build();
    }

    private static Secret secret(String name) {
        return new SecretBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName(name)
                .endMetadata()
                .build();
    }

    private static Deployment deployment(String name) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName(name)
                .endMetadata()
                .build();
    }
}
