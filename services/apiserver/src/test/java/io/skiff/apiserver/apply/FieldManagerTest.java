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

/** Apply, pruning, ownership and conflicts over a Deployment, as structured-merge-diff does them. */
class FieldManagerTest {

    private static final ResourceType DEPLOYMENT = Yaml.type("apps/v1/Deployment");
    private static final String NOW = "2025-01-02T03:04:05Z";

    private final FieldManager fields =
            new FieldManager(PatchSchema.builtin(), Clock.fixed(Instant.parse(NOW), ZoneOffset.UTC));

    private static ObjectNode config(String labels, int replicas, String image) {
        return Yaml.object("{apiVersion: apps/v1, kind: Deployment, metadata: {name: web, labels: " + labels
                + "}, spec: {replicas: " + replicas + ", template: {spec: {containers: [{name: web, image: " + image
                + "}]}}}}");
    }

    @Test
    void applyToCreateOwnsTheConfigurationButNotIdentity() {
        ObjectNode created = fields.applyToCreate(DEPLOYMENT, config("{app: web}", 2, "nginx"), "kubectl");

        assertThat(created.at("/metadata/managedFields"))
                .isEqualTo(Yaml.node("[{manager: kubectl, operation: Apply, apiVersion: apps/v1, time: '" + NOW
                        + "', fieldsType: FieldsV1, fieldsV1: {f:metadata: {f:labels: {f:app: {}}}, f:spec: {"
                        + "f:replicas: {}, f:template: {f:spec: {f:containers: {'k:{\"name\":\"web\"}': {.: {},"
                        + " f:image: {}, f:name: {}}}}}}}}]"));
    }

    @Test
    void reapplyingWithoutAFieldRemovesIt() {
        ObjectNode live = fields.applyToCreate(DEPLOYMENT, config("{app: web, tier: front}", 2, "nginx"), "kubectl");

        ObjectNode applied = fields.apply(DEPLOYMENT, live, config("{app: web}", 2, "nginx:2"), "kubectl", false);

        assertThat(applied.at("/metadata/labels")).isEqualTo(Yaml.node("{app: web}"));
        assertThat(applied.at("/spec/template/spec/containers/0/image").asText())
                .isEqualTo("nginx:2");
    }

    @Test
    void fieldsOtherManagersAlsoOwnAreNotRemoved() {
        ObjectNode live = fields.applyToCreate(DEPLOYMENT, config("{app: web, tier: front}", 2, "nginx"), "kubectl");
        live = fields.apply(DEPLOYMENT, live, config("{tier: front}", 2, "nginx"), "other", false);

        ObjectNode applied = fields.apply(DEPLOYMENT, live, config("{app: web}", 2, "nginx"), "kubectl", false);

        assertThat(applied.at("/metadata/labels")).isEqualTo(Yaml.node("{app: web, tier: front}"));
    }

    @Test
    void changingAFieldAnotherManagerUpdatedConflicts() {
        ObjectNode live = fields.applyToCreate(DEPLOYMENT, config("{app: web}", 2, "nginx"), "kubectl");
        ObjectNode scaled = live.deepCopy();
        ((ObjectNode) scaled.get("spec")).put("replicas", 4);
        fields.recordUpdate(DEPLOYMENT, live, scaled, new FieldOwner("kubectl-scale", "scale"));

        assertThatThrownBy(() -> fields.apply(DEPLOYMENT, scaled, config("{app: web}", 3, "nginx"), "kubectl", false))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.status().getMessage())
                            .isEqualTo("Apply failed with 1 conflict: conflict with \"kubectl-scale\" with"
                                    + " subresource \"scale\" using apps/v1: .spec.replicas");
                    assertThat(e.status().getDetails().getCauses())
                            .singleElement()
                            .satisfies(cause -> {
                                assertThat(cause.getReason()).isEqualTo("FieldManagerConflict");
                                assertThat(cause.getField()).isEqualTo(".spec.replicas");
                                assertThat(cause.getMessage())
                                        .isEqualTo("conflict with \"kubectl-scale\" with subresource \"scale\""
                                                + " using apps/v1");
                            });
                });
    }

    @Test
    void applyingTheSameValueSharesOwnership() {
        ObjectNode live = fields.applyToCreate(DEPLOYMENT, config("{app: web}", 2, "nginx"), "kubectl");
        ObjectNode scaled = live.deepCopy();
        ((ObjectNode) scaled.get("spec")).put("replicas", 4);
        fields.recordUpdate(DEPLOYMENT, live, scaled, new FieldOwner("kubectl-scale", "scale"));

        ObjectNode applied = fields.apply(DEPLOYMENT, scaled, config("{app: web}", 4, "nginx"), "kubectl", false);

        assertThat(applied.at("/metadata/managedFields").findValues("f:replicas"))
                .hasSize(2);
    }

    @Test
    void forcingMovesOwnershipToTheApplier() {
        ObjectNode live = fields.applyToCreate(DEPLOYMENT, config("{app: web}", 2, "nginx"), "kubectl");
        ObjectNode scaled = live.deepCopy();
        ((ObjectNode) scaled.get("spec")).put("replicas", 4);
        fields.recordUpdate(DEPLOYMENT, live, scaled, new FieldOwner("kubectl-scale", "scale"));

        ObjectNode applied = fields.apply(DEPLOYMENT, scaled, config("{app: web}", 3, "nginx"), "kubectl", true);

        assertThat(applied.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(applied.at("/metadata/managedFields").findValuesAsText("manager"))
                .containsExactly("kubectl");
    }

    @Test
    void anUpdateOwnsWhatItChangedAndKeepsOthersEntries() {
        ObjectNode live = fields.applyToCreate(DEPLOYMENT, config("{app: web}", 2, "nginx"), "kubectl");
        ObjectNode edited = live.deepCopy();
        ((ObjectNode) edited.at("/metadata/labels")).put("team", "a");

        fields.recordUpdate(DEPLOYMENT, live, edited, new FieldOwner("kubectl-edit", null));

        assertThat(edited.at("/metadata/managedFields/1"))
                .isEqualTo(Yaml.node("{manager: kubectl-edit, operation: Update, apiVersion: apps/v1, time: '" + NOW
                        + "', fieldsType: FieldsV1, fieldsV1: {f:metadata: {f:labels: {f:team: {}}}}}"));
        assertThat(edited.at("/metadata/managedFields/0/manager").asText()).isEqualTo("kubectl");
    }

    @Test
    void repeatingAnApplyKeepsTheStoredEntriesSoNothingIsWritten() {
        ObjectNode live = fields.applyToCreate(DEPLOYMENT, config("{app: web}", 2, "nginx"), "kubectl");
        ((ObjectNode) live.at("/metadata/managedFields/0")).put("time", "2020-01-01T00:00:00Z");

        ObjectNode applied = fields.apply(DEPLOYMENT, live, config("{app: web}", 2, "nginx"), "kubectl", false);

        assertThat(applied).isEqualTo(live);
    }
}
