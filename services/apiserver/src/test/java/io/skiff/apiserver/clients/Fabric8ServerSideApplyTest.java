package io.skiff.apiserver.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.TestPostgres;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** fabric8's {@code serverSideApply()}: create, prune, conflicts between managers and forcing. */
class Fabric8ServerSideApplyTest {

    private static final String NS = "fabric8-ssa";

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

    private static ConfigMap settings(Map<String, String> data) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .endMetadata()
                .withData(data)
                .build();
    }

    @Test
    void appliesPrunesAndResolvesConflictsBetweenManagers() {
        client.resource(settings(Map.of("mode", "fast", "size", "3")))
                .fieldManager("deployer")
                .serverSideApply();
        ConfigMap reapplied = client.resource(settings(Map.of("mode", "fast")))
                .fieldManager("deployer")
                .serverSideApply();
        assertThat(reapplied.getData()).containsExactly(Map.entry("mode", "fast"));

        assertThatThrownBy(() -> client.resource(settings(Map.of("mode", "slow")))
                        .fieldManager("tuner")
                        .serverSideApply())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getMessage())
                            .isEqualTo("Apply failed with 1 conflict: conflict with \"deployer\": .data.mode");
                });

        ConfigMap forced = client.resource(settings(Map.of("mode", "slow")))
                .fieldManager("tuner")
                .forceConflicts()
                .serverSideApply();
        assertThat(forced.getData()).containsEntry("mode", "slow");
        assertThat(forced.getMetadata().getManagedFields())
                .extracting(ManagedFieldsEntry::getManager, ManagedFieldsEntry::getOperation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("tuner", "Apply"));
    }
}
