package io.skiff.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.skiff.model.api.ApiException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Patches Kubernetes refuses, with the messages kube-apiserver gives. */
class MalformedPatchTest {

    private static final String DEPLOYMENT = "apps/v1/Deployment";
    private static final String WEB =
            "spec: {template: {spec: {containers: [{name: web, image: nginx, env: [{name: A}]}]}}}";

    private static String containers(String list) {
        return "spec: {template: {spec: {containers: " + list + "}}}";
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                PatchCase.of(
                        "a patch that is a list, not an object",
                        DEPLOYMENT,
                        WEB,
                        "[{op: add}]",
                        "json: cannot unmarshal array into Go value of type map[string]interface {}"),
                PatchCase.of(
                        "a patch that is a string",
                        DEPLOYMENT,
                        WEB,
                        "'spec'",
                        "json: cannot unmarshal string into Go value of type map[string]interface {}"),
                PatchCase.of(
                        "an unknown $patch on a map",
                        DEPLOYMENT,
                        "spec: {replicas: 1}",
                        "spec: {$patch: foo, replicas: 2}",
                        "unknown patch type: foo in map: map[$patch:foo replicas:2]"),
                PatchCase.of(
                        "$patch: merge on a map, which Kubernetes never implemented",
                        DEPLOYMENT,
                        "spec: {replicas: 1}",
                        "spec: {$patch: merge, replicas: 2}",
                        "unknown patch type: merge in map: map[$patch:merge replicas:2]"),
                PatchCase.of(
                        "a $patch that is not a string",
                        DEPLOYMENT,
                        "spec: {replicas: 1}",
                        "spec: {$patch: 1, replicas: 2}",
                        "unknown patch type: %!s(int64=1) in map: map[$patch:1 replicas:2]"),
                PatchCase.of(
                        "an unknown $patch on a list element",
                        DEPLOYMENT,
                        WEB,
                        containers("[{name: web, $patch: remove}]"),
                        "unknown patch type: remove in map: map[$patch:remove name:web]"),
                PatchCase.of(
                        "$patch: merge on a list element",
                        DEPLOYMENT,
                        WEB,
                        containers("[{name: web, $patch: merge}]"),
                        "merging lists cannot yet be specified in the patch"),
                PatchCase.of(
                        "a $patch: delete element without its merge key",
                        DEPLOYMENT,
                        WEB,
                        containers("[{image: nginx, $patch: delete}]"),
                        "map: map[$patch:delete image:nginx] does not contain declared merge key: name"),
                PatchCase.of(
                        "a merging element without its merge key",
                        DEPLOYMENT,
                        WEB,
                        containers("[{name: web, env: [{value: b}]}]"),
                        "map: map[value:b] does not contain declared merge key: name"),
                PatchCase.of(
                        "a merging list mixing objects and strings",
                        DEPLOYMENT,
                        WEB,
                        containers("[web]"),
                        "list element types are not identical: [[map[env:[map[name:A]] image:nginx name:web]] [web]]"),
                PatchCase.of(
                        "$deleteFromPrimitiveList without a field",
                        "v1/ConfigMap",
                        "metadata: {finalizers: [a]}",
                        "metadata: {$deleteFromPrimitiveList: [a]}",
                        "invalid patch format of primitive list"),
                PatchCase.of(
                        "$retainKeys that is not a list",
                        DEPLOYMENT,
                        "spec: {strategy: {type: RollingUpdate}}",
                        "spec: {strategy: {$retainKeys: type, type: Recreate}}",
                        "invalid patch format of retainKeys"),
                PatchCase.of(
                        "$retainKeys missing a key the patch sets",
                        DEPLOYMENT,
                        "spec: {strategy: {type: RollingUpdate}}",
                        "spec: {strategy: {$retainKeys: [type], type: RollingUpdate, rollingUpdate: {maxSurge: 1}}}",
                        "invalid patch format of retainKeys"),
                PatchCase.of(
                        "$setElementOrder that is not a list",
                        "v1/ConfigMap",
                        "metadata: {finalizers: [a]}",
                        "metadata: {$setElementOrder/finalizers: {a: b}}",
                        "expected a []interface {}, but received a map[string]interface {}"),
                PatchCase.of(
                        "$setElementOrder without a field",
                        "v1/ConfigMap",
                        "metadata: {finalizers: [a]}",
                        "metadata: {$setElementOrderfinalizers: [a]}",
                        "invalid patch format of setElementOrder list"),
                PatchCase.of(
                        "$setElementOrder listing strings for a list of objects",
                        DEPLOYMENT,
                        WEB,
                        "spec: {template: {spec: {$setElementOrder/containers: [web]}}}",
                        "value for key 0 is not a map."),
                PatchCase.of(
                        "$setElementOrder disagreeing with the patch list's order",
                        DEPLOYMENT,
                        containers("[{name: web, env: [{name: A}, {name: C}, {name: B}]}]"),
                        containers("[{name: web, $setElementOrder/env: [{name: A}, {name: B}, {name: C}],"
                                + " env: [{name: C, value: c}, {name: A, value: a}]}]"),
                        "The order in patch list:\n[map[name:C value:c] map[name:A value:a]]\n doesn't match"
                                + " $setElementOrder list:\n[map[name:A] map[name:B] map[name:C]]\n"),
                PatchCase.of(
                        "$setElementOrder disagreeing with the patch's scalars",
                        "v1/ConfigMap",
                        "metadata: {finalizers: [a, c, b]}",
                        "metadata: {$setElementOrder/finalizers: [a, b, c], finalizers: [c, a]}",
                        "The order in patch list:\n[c a]\n doesn't match $setElementOrder list:\n[a b c]\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusesWithBadRequest(String name, PatchCase patchCase) {
        patchCase.assertBadRequest();
    }

    @Test
    void listsOfListsAreInvalidAsInKubernetes() {
        PatchCase patchCase = new PatchCase(
                PatchCase.type("v1/ConfigMap"), "metadata: {finalizers: []}", "metadata: {finalizers: [[a]]}", "");

        assertThatExceptionOfType(ApiException.class)
                .isThrownBy(patchCase::apply)
                .satisfies(error -> {
                    assertThat(error.code()).isEqualTo(422);
                    assertThat(error.reason()).isEqualTo("Invalid");
                    assertThat(error.getMessage())
                            .isEqualTo("the server rejected our request due to an error in our request");
                    assertThat(error.status().getDetails().getCauses())
                            .singleElement()
                            .satisfies(cause ->
                                    assertThat(cause.getMessage()).isEqualTo("lists of lists are not supported"));
                });
    }
}
