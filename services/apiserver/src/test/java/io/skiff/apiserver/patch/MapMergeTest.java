package io.skiff.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceType;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Maps and scalars: strategicpatch's map cases (patch_test.go) on real kinds. */
class MapMergeTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                PatchCase.of(
                        "a null removes a label", "apps/v1/Deployment", """
                        metadata: {name: web, labels: {app: web, tier: frontend}}
                        spec: {replicas: 1}
                        """, "metadata: {labels: {tier: null}}", """
                        metadata: {name: web, labels: {app: web}}
                        spec: {replicas: 1}
                        """),
                PatchCase.of(
                        "a null for a key the object lacks changes nothing",
                        "apps/v1/Deployment",
                        "metadata: {name: web, labels: {app: web}}",
                        "metadata: {labels: {missing: null}, annotations: null}",
                        "metadata: {name: web, labels: {app: web}}"),
                PatchCase.of(
                        "fields are added and changed in nested maps, the others kept", "v1/ConfigMap", """
                        metadata: {name: settings, annotations: {owner: team-a}}
                        data: {a: "1", b: "2"}
                        """, """
                        metadata: {annotations: {reviewed: "true"}}
                        data: {b: "20", c: "3"}
                        """, """
                        metadata: {name: settings, annotations: {owner: team-a, reviewed: "true"}}
                        data: {a: "1", b: "20", c: "3"}
                        """),
                PatchCase.of(
                        "$patch: delete on a map leaves it empty",
                        "v1/ConfigMap",
                        "metadata: {name: settings, annotations: {owner: team-a, reviewed: \"true\"}}",
                        "metadata: {annotations: {$patch: delete}}",
                        "metadata: {name: settings, annotations: {}}"),
                PatchCase.of(
                        "$patch: replace on a map keeps only the patch's keys", "apps/v1/Deployment", """
                        spec:
                          replicas: 2
                          selector:
                            matchLabels: {app: web}
                            matchExpressions: [{key: tier, operator: Exists}]
                        """, """
                        spec:
                          selector:
                            $patch: replace
                            matchLabels: {app: web2}
                        """, """
                        spec:
                          replicas: 2
                          selector:
                            matchLabels: {app: web2}
                        """),
                PatchCase.of(
                        "$patch: replace on the whole object with a new key",
                        "v1/ConfigMap",
                        "{metadata: {name: settings}, data: {a: \"1\"}}",
                        "{$patch: replace, metadata: {name: other}}",
                        "{metadata: {name: other}}"),
                PatchCase.of(
                        "a field the object lacks takes the patch's value without nulls or directive elements",
                        "apps/v1/Deployment",
                        """
                        spec:
                          template:
                            spec:
                              containers: [{name: web, image: nginx}]
                        """,
                        """
                        spec:
                          template:
                            spec:
                              securityContext: {runAsNonRoot: true, runAsUser: null}
                              initContainers:
                              - {name: init, image: busybox}
                              - {name: gone, $patch: delete}
                        """,
                        """
                        spec:
                          template:
                            spec:
                              containers: [{name: web, image: nginx}]
                              securityContext: {runAsNonRoot: true}
                              initContainers: [{name: init, image: busybox}]
                        """),
                PatchCase.of(
                        "a new field holding only a directive is dropped",
                        "apps/v1/Deployment",
                        "spec: {replicas: 1}",
                        "spec: {strategy: {$patch: replace, type: Recreate}}",
                        "spec: {replicas: 1}"),
                PatchCase.of("a value of another type replaces the live one", "v1/Service", """
                        spec:
                          ports: [{port: 80, targetPort: http}]
                          selector: null
                        """, """
                        spec:
                          ports: [{port: 80, targetPort: 8080}]
                          selector: {app: web}
                        """, """
                        spec:
                          ports: [{port: 80, targetPort: 8080}]
                          selector: {app: web}
                        """),
                PatchCase.of(
                        "a ControllerRevision's data, opaque to the schema, merges maps and replaces lists",
                        "apps/v1/ControllerRevision",
                        """
                        data:
                          spec: {template: {a: 1}}
                          items: [1, 2]
                        revision: 1
                        """,
                        """
                        data:
                          spec: {template: {b: 2}}
                          items: [3]
                        revision: 2
                        """,
                        """
                        data:
                          spec: {template: {a: 1, b: 2}}
                          items: [3]
                        revision: 2
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void patchesMaps(String name, PatchCase patchCase) {
        patchCase.assertResult();
    }

    @Test
    void neverModifiesTheOriginalNorThePatch() {
        ObjectNode original = PatchCase.yaml("""
                spec:
                  template:
                    spec:
                      containers: [{name: web, image: nginx, env: [{name: A, value: "1"}]}]
                """);
        ObjectNode patch = PatchCase.yaml("""
                spec:
                  template:
                    spec:
                      $setElementOrder/containers: [{name: web}]
                      containers: [{name: web, env: [{name: A, $patch: delete}]}]
                """);
        ObjectNode originalBefore = original.deepCopy();
        ObjectNode patchBefore = patch.deepCopy();

        ObjectNode patched = PatchCase.SMP.apply(PatchCase.type("apps/v1/Deployment"), original, patch);

        assertThat(patched.at("/spec/template/spec/containers/0/env")).isEmpty();
        assertThat(original).isEqualTo(originalBefore);
        assertThat(patch).isEqualTo(patchBefore);
    }

    @Test
    void aNullPatchLeavesACopyOfTheObject() {
        ObjectNode original = PatchCase.yaml("metadata: {name: web}");

        ObjectNode patched = PatchCase.SMP.apply(PatchCase.type("v1/Pod"), original, PatchCase.node("null"));

        assertThat(patched).isEqualTo(original).isNotSameAs(original);
    }

    @Test
    void customResourcesFallBackToJsonMergePatch() {
        ResourceType crontab = new ResourceType(
                "stable.example.com",
                "v1",
                "CronTab",
                "crontabs",
                "crontab",
                List.of(),
                true,
                List.of("patch"),
                List.of(),
                List.of(),
                Set.of());
        ObjectNode live = PatchCase.yaml("spec: {containers: [{name: a}, {name: b}], keep: 1, drop: 2}");
        ObjectNode patch = PatchCase.yaml("spec: {containers: [{name: c}], drop: null, added: {x: null, y: 1}}");

        ObjectNode patched = PatchCase.SMP.apply(crontab, live, patch);

        assertThat(patched).isEqualTo(PatchCase.yaml("spec: {containers: [{name: c}], keep: 1, added: {y: 1}}"));
    }
}
