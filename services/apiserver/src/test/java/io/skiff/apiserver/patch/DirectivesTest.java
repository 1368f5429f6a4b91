package io.skiff.apiserver.patch;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code $retainKeys}, {@code $deleteFromPrimitiveList} and {@code $setElementOrder} (patch_test.go). */
class DirectivesTest {

    private static final String DEPLOYMENT = "apps/v1/Deployment";

    /** A Deployment whose pod template spec has the given fields, written as a YAML block. */
    private static String podSpec(String fields) {
        return "spec:\n  template:\n    spec:\n" + fields.indent(6);
    }

    static Stream<Arguments> directivesOnly() {
        return Stream.of(PatchCase.of(
                "a list the object lacks, patched with only a delete directive, stays absent",
                DEPLOYMENT,
                "metadata: {name: d}",
                "metadata: {ownerReferences: [{$patch: delete, uid: x}]}",
                "metadata: {name: d}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directivesOnly")
    void listsOfDirectivesOnlyLeaveNothing(String name, PatchCase patchCase) {
        patchCase.assertResult();
    }

    static Stream<Arguments> retainKeys() {
        return Stream.of(
                PatchCase.of(
                        "$retainKeys clears the strategy's keys it does not list",
                        DEPLOYMENT,
                        "spec: {strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}}}",
                        "spec: {strategy: {$retainKeys: [type], type: Recreate}}",
                        "spec: {strategy: {type: Recreate}}"),
                PatchCase.of(
                        "$retainKeys merges the keys it lists",
                        DEPLOYMENT,
                        "spec: {strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}}}",
                        "spec: {strategy: {$retainKeys: [rollingUpdate, type], rollingUpdate: {maxSurge: 1}}}",
                        "spec: {strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 25%}}}"),
                PatchCase.of(
                        "$retainKeys lets a null through for a key it does not list",
                        DEPLOYMENT,
                        "spec: {strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1}}}",
                        "spec: {strategy: {$retainKeys: [type], type: Recreate, rollingUpdate: null}}",
                        "spec: {strategy: {type: Recreate}}"),
                PatchCase.of(
                        "a volume switches its source with $retainKeys",
                        DEPLOYMENT,
                        podSpec("volumes: [{name: data, emptyDir: {}}, {name: logs, emptyDir: {}}]"),
                        podSpec("volumes: [{$retainKeys: [configMap, name], name: data, configMap: {name: cfg}}]"),
                        podSpec("volumes: [{name: data, configMap: {name: cfg}}, {name: logs, emptyDir: {}}]")),
                PatchCase.of(
                        "without $retainKeys a volume keeps its old source next to the new one",
                        DEPLOYMENT,
                        podSpec("volumes: [{name: data, emptyDir: {}}]"),
                        podSpec("volumes: [{name: data, configMap: {name: cfg}}]"),
                        podSpec("volumes: [{name: data, emptyDir: {}, configMap: {name: cfg}}]")));
    }

    static Stream<Arguments> deleteFromPrimitiveList() {
        return Stream.of(
                PatchCase.of(
                        "$deleteFromPrimitiveList removes a finalizer",
                        "v1/ConfigMap",
                        "metadata: {finalizers: [a, b, c]}",
                        "metadata: {$deleteFromPrimitiveList/finalizers: [b]}",
                        "metadata: {finalizers: [a, c]}"),
                PatchCase.of(
                        "$deleteFromPrimitiveList removes every occurrence",
                        "v1/ConfigMap",
                        "metadata: {finalizers: [a, b, b]}",
                        "metadata: {$deleteFromPrimitiveList/finalizers: [b]}",
                        "metadata: {finalizers: [a]}"),
                PatchCase.of(
                        "$deleteFromPrimitiveList of an absent value changes nothing",
                        "v1/ConfigMap",
                        "metadata: {finalizers: [a, b]}",
                        "metadata: {$deleteFromPrimitiveList/finalizers: [c]}",
                        "metadata: {finalizers: [a, b]}"),
                PatchCase.of(
                        "$deleteFromPrimitiveList on a missing list adds nothing",
                        "v1/ConfigMap",
                        "metadata: {name: settings}",
                        "metadata: {$deleteFromPrimitiveList/finalizers: [c]}",
                        "metadata: {name: settings}"),
                PatchCase.of(
                        "$deleteFromPrimitiveList works on lists without a merge strategy",
                        DEPLOYMENT,
                        podSpec("containers: [{name: web, args: [--a, --b, --c]}]"),
                        podSpec("containers: [{name: web, $deleteFromPrimitiveList/args: [--b]}]"),
                        podSpec("containers: [{name: web, args: [--a, --c]}]")),
                PatchCase.of(
                        "deletion and $setElementOrder of scalars keep the server-only values",
                        "v1/ConfigMap",
                        "metadata: {finalizers: [f1, f2, f3, f4]}",
                        "metadata: {$setElementOrder/finalizers: [f1, f2], $deleteFromPrimitiveList/finalizers: [f3]}",
                        "metadata: {finalizers: [f1, f2, f4]}"),
                PatchCase.of(
                        "addition, deletion and $setElementOrder of scalars together",
                        "v1/ConfigMap",
                        "metadata: {finalizers: [f1, f2, f3]}",
                        """
                        metadata:
                          $setElementOrder/finalizers: [f1, f2, f4]
                          $deleteFromPrimitiveList/finalizers: [f3]
                          finalizers: [f4]
                        """,
                        "metadata: {finalizers: [f1, f2, f4]}"));
    }

    static Stream<Arguments> setElementOrder() {
        return Stream.of(
                PatchCase.of(
                        "$setElementOrder places new containers among the live ones",
                        DEPLOYMENT,
                        podSpec("containers: [{name: one, image: a}, {name: two, image: b, imagePullPolicy: Always}]"),
                        podSpec("""
                                $setElementOrder/containers: [{name: four}, {name: one}, {name: two}, {name: three}]
                                containers: [{name: four, image: d}, {name: three, image: c}]"""),
                        podSpec("""
                                containers: [{name: four, image: d}, {name: one, image: a},
                                  {name: two, image: b, imagePullPolicy: Always}, {name: three, image: c}]""")),
                PatchCase.of(
                        "a server-only container keeps its place when another is deleted and one added",
                        DEPLOYMENT,
                        podSpec("containers: [{name: one}, {name: two, image: b}, {name: four, image: c}]"),
                        podSpec("""
                                $setElementOrder/containers: [{name: two}, {name: three}]
                                containers: [{name: three}, {name: one, $patch: delete}]"""),
                        podSpec("containers: [{name: two, image: b}, {name: four, image: c}, {name: three}]")),
                PatchCase.of(
                        "a server-only container stays first when the applied ones are re-added",
                        DEPLOYMENT,
                        podSpec("containers: [{name: one, image: a}, {name: four, image: c}]"),
                        podSpec("""
                                $setElementOrder/containers: [{name: two}, {name: three}]
                                containers: [{name: two}, {name: three}, {name: one, $patch: delete}]"""),
                        podSpec("containers: [{name: four, image: c}, {name: two}, {name: three}]")),
                PatchCase.of(
                        "kubectl apply adds a container after the applied ones, a server-only sidecar stays last",
                        DEPLOYMENT,
                        podSpec("containers: [{name: web, image: nginx}, {name: istio-proxy, image: proxyv2}]"),
                        podSpec("""
                                $setElementOrder/containers: [{name: web}, {name: metrics}]
                                containers: [{name: metrics, image: exporter}]"""),
                        podSpec("""
                                containers: [{name: web, image: nginx}, {name: metrics, image: exporter},
                                  {name: istio-proxy, image: proxyv2}]""")),
                PatchCase.of(
                        "$setElementOrder may name an element the list does not have",
                        DEPLOYMENT,
                        podSpec("containers: [{name: web, env: [{name: A}, {name: C}]}]"),
                        podSpec("""
                                containers: [{name: web, $setElementOrder/env: [{name: C}, {name: B}, {name: A}],
                                  env: [{name: C, value: c}, {name: A, value: a}]}]"""),
                        podSpec("containers: [{name: web, env: [{name: C, value: c}, {name: A, value: a}]}]")),
                PatchCase.of(
                        "$setElementOrder alone reorders a list of scalars",
                        "v1/ConfigMap",
                        "metadata: {finalizers: [a, c]}",
                        "metadata: {$setElementOrder/finalizers: [c, b, a]}",
                        "metadata: {finalizers: [c, a]}"),
                PatchCase.of(
                        "a list the object lacks is taken from the patch without its deletions",
                        DEPLOYMENT,
                        podSpec("containers: [{name: web}]"),
                        podSpec("""
                                $setElementOrder/initContainers: [{name: a}, {name: b}]
                                initContainers: [{name: a, image: x, command: null}, {name: gone, $patch: delete},
                                  {name: b, image: y}]"""),
                        podSpec(
                                "containers: [{name: web}]\ninitContainers: [{name: a, image: x}, {name: b, image: y}]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("retainKeys")
    void retainsKeys(String name, PatchCase patchCase) {
        patchCase.assertResult();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deleteFromPrimitiveList")
    void deletesFromPrimitiveLists(String name, PatchCase patchCase) {
        patchCase.assertResult();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setElementOrder")
    void setsElementOrder(String name, PatchCase patchCase) {
        patchCase.assertResult();
    }
}
