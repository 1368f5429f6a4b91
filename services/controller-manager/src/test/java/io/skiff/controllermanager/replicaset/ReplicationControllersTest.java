package io.skiff.controllermanager.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.skiff.controllermanager.ownership.OwnerReferences;
import io.skiff.model.selector.LabelSelector;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicationControllersTest {

    private static final ReplicationController LEGACY = new ReplicationControllerBuilder()
            .withNewMetadata()
            .withName("legacy")
            .withNamespace("default")
            .withUid("rc-uid")
            .withGeneration(3L)
            .endMetadata()
            .withNewSpec()
            .withReplicas(4)
            .withMinReadySeconds(7)
            .withSelector(Map.of("app", "legacy"))
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(Map.of("app", "legacy"))
            .endMetadata()
            .endTemplate()
            .endSpec()
            .withNewStatus()
            .withReplicas(2)
            .withReadyReplicas(1)
            .withObservedGeneration(2L)
            .addNewCondition()
            .withType("ReplicaFailure")
            .withStatus("True")
            .withReason("FailedCreate")
            .endCondition()
            .endStatus()
            .build();

    @Test
    void aReplicationControllerBecomesAReplicaSetThatStillNamesItsKind() {
        ReplicaSet converted = ReplicationControllers.toReplicaSet(LEGACY);

        assertThat(converted.getKind()).isEqualTo("ReplicationController");
        assertThat(converted.getApiVersion()).isEqualTo("v1");
        assertThat(converted.getSpec().getReplicas()).isEqualTo(4);
        assertThat(converted.getSpec().getMinReadySeconds()).isEqualTo(7);
        assertThat(LabelSelector.fromApi(converted.getSpec().getSelector()).matches(Map.of("app", "legacy")))
                .isTrue();
        assertThat(LabelSelector.fromApi(converted.getSpec().getSelector()).matches(Map.of("app", "other")))
                .isFalse();
        assertThat(converted.getStatus().getReplicas()).isEqualTo(2);
        assertThat(converted.getStatus().getConditions())
                .singleElement()
                .satisfies(c -> assertThat(c.getReason()).isEqualTo("FailedCreate"));

        var reference = OwnerReferences.controllerRef(converted);
        assertThat(reference.getKind()).isEqualTo("ReplicationController");
        assertThat(reference.getApiVersion()).isEqualTo("v1");
        assertThat(reference.getUid()).isEqualTo("rc-uid");
    }

    @Test
    void theStatusGoesBackFieldForField() {
        var status = ReplicationControllers.toControllerStatus(new ReplicaSetStatusBuilder()
                .withReplicas(4)
                .withFullyLabeledReplicas(4)
                .withReadyReplicas(3)
                .withAvailableReplicas(2)
                .withObservedGeneration(3L)
                .build());

        assertThat(status.getReplicas()).isEqualTo(4);
        assertThat(status.getFullyLabeledReplicas()).isEqualTo(4);
        assertThat(status.getReadyReplicas()).isEqualTo(3);
        assertThat(status.getAvailableReplicas()).isEqualTo(2);
        assertThat(status.getObservedGeneration()).isEqualTo(3L);
    }

    @Test
    void theViewRecognisesOnlyItsOwnKindInControllerReferences() {
        ReplicaSetView replicaSets = ReplicaSetView.of(
                new io.skiff.component.informer.Lister<>(new io.skiff.component.informer.CacheIndexer<ReplicaSet>()));
        var rcReference = OwnerReferences.controllerRef(ReplicationControllers.toReplicaSet(LEGACY));
        var rsReference = new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .build();

        assertThat(replicaSets.isOwnerKind(rsReference)).isTrue();
        assertThat(replicaSets.isOwnerKind(rcReference)).isFalse();
    }
}
