package io.skiff.apiserver.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** fabric8 kubernetes-client 7 against Skiff, unchanged: CRUD, lists, informers, leader election. */
class Fabric8ClientTest {

    private static final String NS = "fabric8";

    private static ApiServerInstance server;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        server = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl(server.baseUrl())
                        .withNamespace(NS)
                        .build())
                .build();
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .endMetadata()
                        .build())
                .create();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    static Stream<Arguments> kinds() {
        Map<String, String> labels = Map.of("app", "demo");
        return Stream.of(
                Arguments.of(
                        "ConfigMap",
                        new ConfigMapBuilder()
                                .withNewMetadata()
                                .withName("cm")
                                .withLabels(labels)
                                .endMetadata()
                                .addToData("k", "v")
                                .build()),
                Arguments.of(
                        "Secret",
                        new SecretBuilder()
                                .withNewMetadata()
                                .withName("secret")
                                .withLabels(labels)
                                .endMetadata()
                                .addToStringData("password", "s3cret")
                                .build()),
                Arguments.of(
                        "ServiceAccount",
                        new ServiceAccountBuilder()
                                .withNewMetadata()
                                .withName("sa")
                                .withLabels(labels)
                                .endMetadata()
                                .build()),
                Arguments.of(
                        "Pod",
                        new PodBuilder()
                                .withNewMetadata()
                                .withName("pod")
                                .withLabels(labels)
                                .endMetadata()
                                .withNewSpec()
                                .addNewContainer()
                                .withName("c")
                                .withImage("busybox")
                                .endContainer()
                                .endSpec()
                                .build()),
                Arguments.of(
                        "Service",
                        new ServiceBuilder()
                                .withNewMetadata()
                                .withName("svc")
                                .withLabels(labels)
                                .endMetadata()
                                .withNewSpec()
                                .withClusterIP("None")
                                .withSelector(labels)
                                .addNewPort()
                                .withPort(80)
                                .endPort()
                                .endSpec()
                                .build()),
                Arguments.of(
                        "Deployment",
                        new DeploymentBuilder()
                                .withNewMetadata()
                                .withName("deploy")
                                .withLabels(labels)
                                .endMetadata()
                                .withNewSpec()
                                .withNewSelector()
                                .withMatchLabels(labels)
                                .endSelector()
                                .withNewTemplate()
                                .withNewMetadata()
                                .withLabels(labels)
                                .endMetadata()
                                .withNewSpec()
                                .addNewContainer()
                                .withName("c")
                                .withImage("busybox")
                                .endContainer()
                                .endSpec()
                                .endTemplate()
                                .endSpec()
                                .build()),
                Arguments.of(
                        "Job",
                        new JobBuilder()
                                .withNewMetadata()
                                .withName("job")
                                .withLabels(labels)
                                .endMetadata()
                                .withNewSpec()
                                .withNewTemplate()
                                .withNewSpec()
                                .withRestartPolicy("Never")
                                .addNewContainer()
                                .withName("c")
                                .withImage("busybox")
                                .endContainer()
                                .endSpec()
                                .endTemplate()
                                .endSpec()
                                .build()),
                Arguments.of(
                        "CronJob",
                        new CronJobBuilder()
                                .withNewMetadata()
                                .withName("cron")
                                .withLabels(labels)
                                .endMetadata()
                                .withNewSpec()
                                .withSchedule("*/5 * * * *")
                                .withNewJobTemplate()
                                .withNewSpec()
                                .withNewTemplate()
                                .withNewSpec()
                                .withRestartPolicy("OnFailure")
                                .addNewContainer()
                                .withName("c")
                                .withImage("busybox")
                                .endContainer()
                                .endSpec()
                                .endTemplate()
                                .endSpec()
                                .endJobTemplate()
                                .endSpec()
                                .build()),
                Arguments.of(
                        "Lease",
                        new LeaseBuilder()
                                .withNewMetadata()
                                .withName("lease")
                                .withLabels(labels)
                                .endMetadata()
                                .withNewSpec()
                                .withHolderIdentity("me")
                                .withLeaseDurationSeconds(15)
                                .endSpec()
                                .build()),
                Arguments.of(
                        "Role",
                        new RoleBuilder()
                                .withNewMetadata()
                                .withName("role")
                                .withLabels(labels)
                                .endMetadata()
                                .addNewRule()
                                .withApiGroups("")
                                .withResources("pods")
                                .withVerbs("get", "list")
                                .endRule()
                                .build()),
                Arguments.of(
                        "RoleBinding",
                        new RoleBindingBuilder()
                                .withNewMetadata()
                                .withName("binding")
                                .withLabels(labels)
                                .endMetadata()
                                .withNewRoleRef()
                                .withApiGroup("rbac.authorization.k8s.io")
                                .withKind("Role")
                                .withName("role")
                                .endRoleRef()
                                .addNewSubject()
                                .withKind("ServiceAccount")
                                .withName("sa")
                                .withNamespace(NS)
                                .endSubject()
                                .build()),
                Arguments.of(
                        "PodDisruptionBudget",
                        new PodDisruptionBudgetBuilder()
                                .withNewMetadata()
                                .withName("pdb")
                                .withLabels(labels)
                                .endMetadata()
                                .withNewSpec()
                                .withNewMinAvailable(1)
                                .withNewSelector()
                                .withMatchLabels(labels)
                                .endSelector()
                                .endSpec()
                                .build()),
                Arguments.of(
                        "Ingress",
                        new IngressBuilder()
                                .withNewMetadata()
                                .withName("ing")
                                .withLabels(labels)
                                .endMetadata()
                                .withNewSpec()
                                .addNewRule()
                                .withHost("shop.example.com")
                                .withNewHttp()
                                .addNewPath()
                                .withPath("/")
                                .withPathType("Prefix")
                                .withNewBackend()
                                .withNewService()
                                .withName("svc")
                                .withNewPort()
                                .withNumber(80)
                                .endPort()
                                .endService()
                                .endBackend()
                                .endPath()
                                .endHttp()
                                .endRule()
                                .endSpec()
                                .build()),
                Arguments.of(
                        "PriorityClass",
                        new PriorityClassBuilder()
                                .withNewMetadata()
                                .withName("high")
                                .withLabels(labels)
                                .endMetadata()
                                .withValue(1000)
                                .build()),
                Arguments.of(
                        "StorageClass",
                        new StorageClassBuilder()
                                .withNewMetadata()
                                .withName("local")
                                .withLabels(labels)
                                .endMetadata()
                                .withProvisioner("kubernetes.io/no-provisioner")
                                .build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void createReadUpdateListDelete(String kind, HasMetadata object) {
        HasMetadata created = client.resource(object).create();
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getResourceVersion()).isNotBlank();

        HasMetadata read = client.resource(object).get();
        assertThat(read.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());

        read.getMetadata().getLabels().put("touched", "yes");
        HasMetadata updated = client.resource(read).update();
        assertThat(updated.getMetadata().getLabels()).containsEntry("touched", "yes");
        assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));

        // A stale update is refused.
        created.getMetadata().getLabels().put("stale", "yes");
        assertThatThrownBy(() -> client.resource(created).update())
                .isInstanceOf(KubernetesClientException.class)
                .extracting(e -> ((KubernetesClientException) e).getCode())
                .isEqualTo(409);

        List<? extends HasMetadata> listed = client.resources(object.getClass())
                .withLabel("touched", "yes")
                .list()
                .getItems();
        assertThat(listed)
                .extracting(o -> o.getMetadata().getName())
                .contains(object.getMetadata().getName());

        assertThat(client.resource(updated).delete()).isNotEmpty();
        assertThat(client.resource(object).get()).isNull();
    }

    @Test
    void namespacedListWithLabels() {
        client.configMaps().resource(configMap("one", "blue")).create();
        client.configMaps().resource(configMap("two", "green")).create();
        assertThat(client.configMaps()
                        .inNamespace(NS)
                        .withLabel("colour", "blue")
                        .list()
                        .getItems())
                .extracting(cm -> cm.getMetadata().getName())
                .containsExactly("one");
        assertThat(client.configMaps()
                        .inAnyNamespace()
                        .withLabel("colour")
                        .list()
                        .getItems())
                .hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void informerSeesAddUpdateDelete() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch deleted = new CountDownLatch(1);
        SharedIndexInformer<ConfigMap> informer = client.configMaps()
                .inNamespace(NS)
                .withLabel("informed")
                .inform(
                        new ResourceEventHandler<>() {
                            @Override
                            public void onAdd(ConfigMap obj) {
                                events.add("add " + obj.getMetadata().getName());
                            }

                            @Override
                            public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                                if (!oldObj.getMetadata()
                                        .getResourceVersion()
                                        .equals(newObj.getMetadata().getResourceVersion())) {
                                    events.add("update " + newObj.getMetadata().getName());
                                }
                            }

                            @Override
                            public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                                events.add("delete " + obj.getMetadata().getName());
                                deleted.countDown();
                            }
                        },
                        60_000);
        try {
            assertThat(informer.isRunning()).isTrue();
            ConfigMap cm = new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("informed")
                    .addToLabels("informed", "yes")
                    .endMetadata()
                    .build();
            client.configMaps().resource(cm).create();
            client.configMaps()
                    .withName("informed")
                    .edit(c -> new ConfigMapBuilder(c).addToData("k", "v").build());
            client.configMaps().withName("informed").delete();
            assertThat(deleted.await(20, TimeUnit.SECONDS))
                    .as("events %s", events)
                    .isTrue();
            assertThat(events).containsExactly("add informed", "update informed", "delete informed");
            assertThat(informer.getIndexer().list()).isEmpty();
        } finally {
            informer.close();
        }
    }

    @Test
    void leaderElectionOnALease() throws Exception {
        CountDownLatch leading = new CountDownLatch(1);
        var config = new LeaderElectionConfigBuilder()
                .withName("skiff-test-election")
                .withLock(new LeaseLock(NS, "election", "candidate-1"))
                .withLeaseDuration(Duration.ofSeconds(15))
                .withRenewDeadline(Duration.ofSeconds(10))
                .withRetryPeriod(Duration.ofSeconds(2))
                .withLeaderCallbacks(new LeaderCallbacks(leading::countDown, () -> {}, identity -> {}))
                .build();
        Future<?> elector = client.leaderElector().withConfig(config).build().start();
        try {
            assertThat(leading.await(20, TimeUnit.SECONDS)).isTrue();
            var lease = client.leases().inNamespace(NS).withName("election").get();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("candidate-1");
            assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(15);
        } finally {
            elector.cancel(true);
        }
    }

    private static ConfigMap configMap(String name, String colour) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("colour", colour)
                .endMetadata()
                .build();
    }
}
