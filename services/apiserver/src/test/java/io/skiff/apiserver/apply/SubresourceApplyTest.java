package io.skiff.apiserver.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.patch.PatchSchema;
import io.skiff.model.api.ApiException;
import io.skiff.model.catalog.ResourceType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Server-side apply through /status and /scale: what is owned, by whom, and what conflicts. */
class SubresourceApplyTest {

    private static final ResourceType DEPLOYMENT = Yaml.type("apps/v1/Deployment");
    private static final String NOW = "2025-01-02T03:04:05Z";

    private final FieldManager fields =
            new FieldManager(PatchSchema.builtin(), Clock.fixed(Instant.parse(NOW), ZoneOffset.UTC));

    private ObjectNode appliedDeployment() {
        return fields.applyToCreate(
                DEPLOYMENT,
                Yaml.object("{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {replicas: 2,"
                        + " selector: {matchLabels: {app: web}}}}"),
                "kubectl");
    }

    private static ObjectNode status(String status) {
        return Yaml.object("{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, status: " + status + "}");
    }

    private static ObjectNode scale(int replicas) {
        return Yaml.object(
                "{apiVersion: autoscaling/v1, kind: Scale, metadata: {name: web}, spec: {replicas: " + replicas + "}}");
    }

    @Test
    void aStatusApplyOwnsOnlyStatusFieldsInAnEntryMarkedStatus() {
        ObjectNode applied = fields.apply(
                DEPLOYMENT,
                appliedDeployment(),
                status("{replicas: 2, conditions: [{type: Available, status: 'True'}]}"),
                "ctl",
                "status",
                false);

        assertThat(applied.at("/metadata/managedFields/0"))
                .isEqualTo(Yaml.node("{manager: ctl, operation: Apply, apiVersion: apps/v1, time: '" + NOW
                        + "', fieldsType: FieldsV1, subresource: status, fieldsV1: {f:status: {f:conditions:"
                        + " {'k:{\"type\":\"Available\"}': {.: {}, f:status: {}, f:type: {}}}, f:replicas: {}}}}"));
        assertThat(applied.at("/metadata/managedFields/1/manager").asText()).isEqualTo("kubectl");
        assertThat(applied.at("/status/replicas").asInt()).isEqualTo(2);
    }

    @Test
    void aStatusApplyConflictsWithTheControllerThatWroteTheStatus() {
        ObjectNode live = appliedDeployment();
        ObjectNode written = live.deepCopy();
        written.set("status", Yaml.node("{replicas: 1}"));
        fields.recordUpdate(DEPLOYMENT, live, written, new FieldOwner("deployment-controller", "status"));

        assertThatThrownBy(() -> fields.apply(DEPLOYMENT, written, status("{replicas: 2}"), "ctl", "status", false))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.status().getMessage())
                                .isEqualTo("Apply failed with 1 conflict: conflict with \"deployment-controller\" with"
                                        + " subresource \"status\" using apps/v1: .status.replicas"));
    }

    @Test
    void reapplyingTheStatusWithoutAFieldRemovesIt() {
        ObjectNode live = fields.apply(
                DEPLOYMENT, appliedDeployment(), status("{replicas: 2, readyReplicas: 2}"), "ctl", "status", false);

        ObjectNode applied = fields.apply(DEPLOYMENT, live, status("{replicas: 2}"), "ctl", "status", false);

        assertThat(applied.at("/status")).isEqualTo(Yaml.node("{replicas: 2}"));
    }

    @Test
    void aScaleApplyConflictsWithTheOwnerOfTheReplicas() {
        assertThatThrownBy(() -> fields.applyToScale(DEPLOYMENT, appliedDeployment(), scale(5), "hpa", false))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.status().getMessage())
                            .isEqualTo("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas");
                });
    }

    @Test
    void aForcedScaleApplyTakesTheReplicasThroughTheSubresource() {
        ObjectNode applied = fields.applyToScale(DEPLOYMENT, appliedDeployment(), scale(5), "hpa", true);

        assertThat(applied.at("/spec/replicas").asInt()).isEqualTo(5);
        assertThat(applied.at("/metadata/managedFields/0"))
                .isEqualTo(Yaml.node("{manager: hpa, operation: Apply, apiVersion: apps/v1, time: '" + NOW
                        + "', fieldsType: FieldsV1, subresource: scale, fieldsV1: {f:spec: {f:replicas: {}}}}"));
        assertThat(applied.at("/metadata/managedFields/1/fieldsV1"))
                .as("kubectl keeps the rest")
                .isEqualTo(Yaml.node("{f:spec: {f:selector: {}}}"));
    }

    @Test
    void theSameReplicasThroughTheScaleAreOwnedByBoth() {
        ObjectNode applied = fields.applyToScale(DEPLOYMENT, appliedDeployment(), scale(2), "hpa", false);

        assertThat(applied.at("/metadata/managedFields").findValues("f:replicas"))
                .hasSize(2);
        assertThat(applied.at("/metadata/managedFields/1/fieldsV1"))
                .isEqualTo(Yaml.node("{f:spec: {f:replicas: {}, f:selector: {}}}"));
    }

    @Test
    void aScaleApplierThatGivesUpTheReplicasLeavesAScaleOfZero() {
        ObjectNode live = fields.applyToScale(DEPLOYMENT, appliedDeployment(), scale(5), "hpa", true);

        ObjectNode applied = fields.applyToScale(
                DEPLOYMENT,
                live,
                Yaml.object("{apiVersion: autoscaling/v1, kind: Scale, metadata: {name: web}}"),
                "hpa",
                false);

        assertThat(applied.at("/spec/replicas").asInt()).isZero();
        assertThat(applied.at("/metadata/managedFields").findValuesAsText("manager"))
                .as("owning nothing of the workload, the applier has no entry there")
                .containsExactly("kubectl");
    }

    @Test
    void repeatingAScaleApplyChangesNothing() {
        ObjectNode live = fields.applyToScale(DEPLOYMENT, appliedDeployment(), scale(5), "hpa", true);

        assertThat(fields.applyToScale(DEPLOYMENT, live, scale(5), "hpa", false))
                .isEqualTo(live);
    }
}
