package io.skiff.apiserver.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.patch.PatchSchema;
import io.skiff.model.api.ApiException;
import io.skiff.model.catalog.ResourceType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Moving an object between kubectl's client-side apply and server-side apply: the last-applied
 * annotation lets kubectl's first server-side apply override client-side apply's ownership, and is
 * kept up to date for the way back; managedFields a writer sends replace the stored ones, which is
 * how kubectl hands the fields over.
 */
class ClientSideApplyMigrationTest {

    private static final ResourceType DEPLOYMENT = Yaml.type("apps/v1/Deployment");
    private static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

    private final FieldManager fields =
            new FieldManager(PatchSchema.builtin(), Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC));

    private static ObjectNode manifest(int replicas, String image) {
        return Yaml.object("{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {replicas: " + replicas
                + ", template: {spec: {containers: [{name: web, image: '" + image + "'}]}}}}");
    }

    /** What `kubectl apply` creates: the manifest with itself in the annotation, owned by its Update. */
    private ObjectNode createdClientSide(ObjectNode manifest) {
        ObjectNode created = manifest.deepCopy();
        ((ObjectNode) created.get("metadata")).putObject("annotations").put(ANNOTATION, manifest.toString() + "\n");
        fields.recordCreate(DEPLOYMENT, created, new FieldOwner("kubectl-client-side-apply", null));
        return created;
    }

    @Test
    void kubectlsFirstServerSideApplyMayChangeWhatItAppliedClientSide() {
        ObjectNode live = createdClientSide(manifest(2, "nginx:1"));

        ObjectNode applied = fields.apply(DEPLOYMENT, live, manifest(2, "nginx:2"), "kubectl", false);

        assertThat(applied.at("/spec/template/spec/containers/0/image").asText())
                .isEqualTo("nginx:2");
        assertThat(applied.at("/metadata/managedFields").findValuesAsText("manager"))
                .containsExactly("kubectl", "kubectl-client-side-apply");
        assertThat(applied.at("/metadata/managedFields/1/fieldsV1").findValues("f:image"))
                .as("client-side apply lost the image it no longer decides")
                .isEmpty();
    }

    @Test
    void theAnnotationFollowsKubectlsServerSideApplies() {
        ObjectNode live = createdClientSide(manifest(2, "nginx:1"));

        ObjectNode applied = fields.apply(DEPLOYMENT, live, manifest(3, "nginx:2"), "kubectl", false);

        assertThat(Yaml.node(applied.at("/metadata/annotations").get(ANNOTATION).asText()))
                .isEqualTo(manifest(3, "nginx:2"));
        assertThat(applied.at("/metadata/annotations").get(ANNOTATION).asText())
                .startsWith("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":")
                .endsWith("}\n");
    }

    @Test
    void otherManagersGetNoSuchAllowance() {
        ObjectNode live = createdClientSide(manifest(2, "nginx:1"));

        assertThatThrownBy(() -> fields.apply(DEPLOYMENT, live, manifest(2, "nginx:2"), "argocd", false))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.status().getMessage())
                                .contains("conflict with \"kubectl-client-side-apply\" using apps/v1"));
    }

    @Test
    void fieldsChangedSinceTheClientSideApplyStillConflict() {
        ObjectNode live = createdClientSide(manifest(2, "nginx:1"));
        ObjectNode scaled = live.deepCopy();
        ((ObjectNode) scaled.get("spec")).put("replicas", 4);
        fields.recordUpdate(DEPLOYMENT, live, scaled, new FieldOwner("kubectl", "scale"));

        assertThatThrownBy(() -> fields.apply(DEPLOYMENT, scaled, manifest(3, "nginx:2"), "kubectl", false))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.status().getMessage())
                                .isEqualTo("Apply failed with 1 conflict: conflict with \"kubectl\" with subresource"
                                        + " \"scale\" using apps/v1: .spec.replicas"));
    }

    @Test
    void afterKubectlMovesClientSideOwnershipToItsApplyReapplyingRemovesOnlyWhatTheManifestDropped() {
        ObjectNode clientSide = manifest(2, "nginx:1");
        ((ObjectNode) clientSide.get("metadata")).putObject("labels").put("tier", "front");
        ObjectNode live = createdClientSide(clientSide);
        live = fields.apply(DEPLOYMENT, live, manifest(2, "nginx:2"), "kubectl", false);

        ObjectNode migrated = live.deepCopy();
        upgradeManagedFields(migrated);
        fields.recordUpdate(DEPLOYMENT, live, migrated, new FieldOwner("kubectl", null));
        ObjectNode reapplied = fields.apply(DEPLOYMENT, migrated, manifest(2, "nginx:2"), "kubectl", false);

        assertThat(reapplied.at("/metadata").has("labels"))
                .as("only the client-side manifest had it")
                .isFalse();
        assertThat(reapplied.at("/spec")).isEqualTo(manifest(2, "nginx:2").get("spec"));
        assertThat(reapplied.at("/metadata/annotations").has(ANNOTATION)).isTrue();
        assertThat(reapplied.at("/metadata/managedFields").findValuesAsText("manager"))
                .containsExactly("kubectl");
    }

    /** What kubectl's csaupgrade sends: client-side apply's fields unioned into kubectl's Apply entry. */
    private static void upgradeManagedFields(ObjectNode object) {
        ArrayNode entries = (ArrayNode) object.at("/metadata/managedFields");
        ObjectNode apply = null;
        FieldSet union = FieldSet.empty();
        for (int i = entries.size() - 1; i >= 0; i--) {
            ObjectNode entry = (ObjectNode) entries.get(i);
            FieldSet owned = FieldSet.fromFieldsV1(entry.get("fieldsV1"));
            if (entry.path("manager").asText().equals("kubectl-client-side-apply")) {
                union = union.union(owned);
                entries.remove(i);
            } else if (entry.path("manager").asText().equals("kubectl")) {
                apply = entry;
                union = union.union(owned);
            }
        }
        apply.set("fieldsV1", union.toFieldsV1());
    }

    @Test
    void managedFieldsAWriterSendsReplaceTheStoredOnes() {
        ObjectNode live = createdClientSide(manifest(2, "nginx:1"));
        ObjectNode patched = live.deepCopy();
        ObjectNode entry = (ObjectNode) patched.at("/metadata/managedFields/0");
        entry.put("manager", "kubectl").put("operation", "Apply");

        fields.recordUpdate(DEPLOYMENT, live, patched, new FieldOwner("kubectl", null));

        assertThat(patched.at("/metadata/managedFields").findValuesAsText("manager"))
                .containsExactly("kubectl");
        assertThat(patched.at("/metadata/managedFields/0/operation").asText()).isEqualTo("Apply");
    }

    @Test
    void anEmptyEntryClearsManagedFields() {
        ObjectNode live = createdClientSide(manifest(2, "nginx:1"));
        ObjectNode patched = live.deepCopy();
        ((ObjectNode) patched.get("metadata")).putArray("managedFields").addObject();

        fields.recordUpdate(DEPLOYMENT, live, patched, new FieldOwner("kubectl", null));

        assertThat(patched.at("/metadata").has("managedFields")).isFalse();
    }

    @Test
    void entriesThatCannotBeDecodedAndWritesThroughSubresourcesLeaveTheStoredOnes() {
        ObjectNode live = createdClientSide(manifest(2, "nginx:1"));
        ObjectNode undecodable = live.deepCopy();
        ((ObjectNode) undecodable.at("/metadata/managedFields/0")).put("operation", "Merge");
        ObjectNode viaStatus = live.deepCopy();
        ((ArrayNode) viaStatus.at("/metadata/managedFields")).removeAll();
        ((ArrayNode) viaStatus.at("/metadata/managedFields"))
                .addObject()
                .put("manager", "x")
                .put("operation", "Update")
                .put("fieldsType", "FieldsV1")
                .putObject("fieldsV1");

        fields.recordUpdate(DEPLOYMENT, live, undecodable, new FieldOwner("kubectl", null));
        fields.recordUpdate(DEPLOYMENT, live, viaStatus, new FieldOwner("kubectl", "status"));

        assertThat(undecodable.at("/metadata/managedFields")).isEqualTo(live.at("/metadata/managedFields"));
        assertThat(viaStatus.at("/metadata/managedFields")).isEqualTo(live.at("/metadata/managedFields"));
    }
}
