package io.skiff.controllermanager.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.skiff.controllermanager.testing.StoredRevisions;
import io.skiff.model.api.Statuses;
import io.skiff.model.json.KubeJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ControllerRevisionsTest {

    private static final PodTemplateSpec TEMPLATE = new PodTemplateSpecBuilder()
            .withNewMetadata()
            .addToLabels("app", "web")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("web")
            .withImage("nginx")
            .endContainer()
            .endSpec()
            .build();

    @Test
    void namesCutLongOwnersTo223Characters() {
        assertThat(ControllerRevisions.name("web", "abc")).isEqualTo("web-abc");
        assertThat(ControllerRevisions.name("x".repeat(300), "abc"))
                .hasSize(227)
                .endsWith("x-abc");
    }

    @Test
    void theTemplatePatchReplacesTheTemplateAndRestoresIt() {
        Map<String, Object> patch = ControllerRevisions.templatePatch(TEMPLATE);

        var json = KubeJson.mapper().valueToTree(patch);
        assertThat(json.at("/spec/template/$patch").asText()).isEqualTo("replace");
        assertThat(json.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx");
        ControllerRevision revision =
                new ControllerRevisionBuilder().withData(patch).build();
        assertThat(ControllerRevisions.templateOf(revision)).contains(TEMPLATE);
    }

    @Test
    void dataReadBackWithOtherKeyOrderIsTheSameData() throws Exception {
        Map<String, Object> patch = ControllerRevisions.templatePatch(TEMPLATE);
        Object readBack = KubeJson.mapper().readValue(KubeJson.mapper().writeValueAsString(patch), LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> reordered = new LinkedHashMap<>((Map<String, Object>) readBack);

        assertThat(ControllerRevisions.canonicalJson(reordered)).isEqualTo(ControllerRevisions.canonicalJson(patch));
        assertThat(ControllerRevisions.hash(reordered, 0)).isEqualTo(ControllerRevisions.hash(patch, 0));
        assertThat(ControllerRevisions.hash(patch, 1)).isNotEqualTo(ControllerRevisions.hash(patch, 0));
    }

    @Test
    void revisionsSortByNumberThenCreationThenName() {
        List<ControllerRevision> revisions = new ArrayList<>(List.of(
                revision("c", 2, "2026-01-01T00:00:00Z"),
                revision("b", 1, "2026-01-02T00:00:00Z"),
                revision("a", 1, "2026-01-02T00:00:00Z"),
                revision("d", 1, "2026-01-01T00:00:00Z")));

        revisions.sort(ControllerRevisions.byRevision());

        assertThat(revisions).extracting(r -> r.getMetadata().getName()).containsExactly("d", "a", "b", "c");
        assertThat(ControllerRevisions.nextRevision(revisions)).isEqualTo(3);
        assertThat(ControllerRevisions.nextRevision(List.of())).isEqualTo(1);
    }

    @Test
    void aNameTakenByOtherDataRaisesTheCollisionCount() {
        HasMetadata owner = new StatefulSetBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("web")
                .withUid("uid-web")
                .endMetadata()
                .build();
        StoredRevisions writes = new StoredRevisions();
        Map<String, ControllerRevision> stored = writes.revisions;
        RevisionHistory history = new RevisionHistory(writes, (ns, name) -> Mono.just(owner), Duration.ofSeconds(1));
        Map<String, Object> data = ControllerRevisions.templatePatch(TEMPLATE);
        ControllerRevision wanted = RevisionHistory.newRevision(owner, Map.of("app", "web"), data, 1, 0);
        // Someone else's revision squats the name this data hashes to.
        stored.put(
                wanted.getMetadata().getName(),
                new ControllerRevisionBuilder(wanted)
                        .withData(Map.of("other", 1))
                        .build());

        int[] collisionCount = {0};
        ControllerRevision created = history.create(owner, wanted, collisionCount);

        assertThat(collisionCount[0]).isEqualTo(1);
        assertThat(created.getMetadata().getName()).isEqualTo("web-" + ControllerRevisions.hash(data, 1));
        assertThat(created.getMetadata().getLabels())
                .containsEntry(ControllerRevisions.HASH_LABEL, ControllerRevisions.hash(data, 1));

        int[] again = {0};
        stored.remove(wanted.getMetadata().getName());
        stored.put(wanted.getMetadata().getName(), wanted);
        assertThat(history.create(owner, wanted, again)).isSameAs(wanted);
        assertThat(again[0]).isZero();
    }

    @Test
    void renumberingGivesUpAfterRepeatedConflicts() {
        ControllerRevision revision = revision("r", 1, "2026-01-01T00:00:00Z");
        StoredRevisions writes = new StoredRevisions() {
            @Override
            public Mono<ControllerRevision> updateRevision(ControllerRevision changed) {
                return Mono.error(Statuses.conflict("apps", "controllerrevisions", "r", "changed"));
            }
        };
        writes.revisions.put("r", revision);
        RevisionHistory history = new RevisionHistory(writes, (ns, name) -> Mono.empty(), Duration.ofSeconds(1));

        assertThatThrownBy(() -> history.renumber(revision, 5)).hasMessageContaining("r");
    }

    private static ControllerRevision revision(String name, long number, String created) {
        return new ControllerRevisionBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName(name)
                .withCreationTimestamp(created)
                .endMetadata()
                .withRevision(number)
                .build();
    }
}
