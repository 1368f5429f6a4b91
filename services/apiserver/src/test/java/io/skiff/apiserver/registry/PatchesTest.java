package io.skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.api.ApiException;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PatchesTest {

    private static final ResourceType CONFIG_MAPS =
            ResourceCatalog.builtin().byPlural("", "v1", "configmaps").orElseThrow();

    static Stream<Arguments> mergePatches() {
        return Stream.of(
                Arguments.of("adds a field", "{\"a\":1}", "{\"b\":2}", "{\"a\":1,\"b\":2}"),
                Arguments.of("null removes", "{\"a\":1,\"b\":2}", "{\"b\":null}", "{\"a\":1}"),
                Arguments.of(
                        "objects merge recursively",
                        "{\"m\":{\"x\":1,\"y\":2}}",
                        "{\"m\":{\"y\":3}}",
                        "{\"m\":{\"x\":1,\"y\":3}}"),
                Arguments.of("arrays are replaced whole", "{\"l\":[1,2,3]}", "{\"l\":[4]}", "{\"l\":[4]}"),
                Arguments.of("object replaces scalar", "{\"a\":1}", "{\"a\":{\"b\":1}}", "{\"a\":{\"b\":1}}"),
                Arguments.of("removing a missing field is a no-op", "{\"a\":1}", "{\"z\":null}", "{\"a\":1}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mergePatches")
    void mergePatchFollowsRfc7386(String name, String target, String patch, String expected) throws Exception {
        ObjectNode result = Patches.apply(CONFIG_MAPS, Patches.MERGE_PATCH, json(patch), (ObjectNode) json(target));
        assertThat(result).isEqualTo(json(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mergePatches")
    void patchingLeavesTheTargetUntouched(String name, String target, String patch, String expected) throws Exception {
        ObjectNode original = (ObjectNode) json(target);
        Patches.apply(CONFIG_MAPS, Patches.MERGE_PATCH, json(patch), original);
        assertThat(original).isEqualTo(json(target));
    }

    /** zjsonpatch throws unchecked exceptions of its own for these; they are 422s, never 500s. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "[{\"op\":\"add\",\"path\":\"/metadata/finalizers/-1\",\"value\":\"x\"}]",
                "[{\"op\":\"add\",\"path\":\"/metadata/finalizers/x\",\"value\":\"x\"}]",
                "[{\"op\":\"add\",\"path\":\"/metadata/finalizers/99999999999\",\"value\":\"x\"}]",
                "[{\"op\":\"move\",\"from\":\"/metadata\",\"path\":\"/metadata/x\"}]",
                "[{\"op\":\"remove\",\"path\":\"/nope/nothing\"}]",
                "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{}},{\"op\":\"remove\",\"path\":\"/metadata/labels/zz\"}]"
            })
    void jsonPatchesThatDoNotApplyAreInvalid(String patch) throws Exception {
        ObjectNode target = (ObjectNode) json("{\"metadata\":{\"name\":\"a\",\"finalizers\":[\"f\"]}}");

        assertThatThrownBy(() -> Patches.apply(CONFIG_MAPS, Patches.JSON_PATCH, json(patch), target))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.status().getReason()).isEqualTo("Invalid");
                    assertThat(e.status().getMessage())
                            .startsWith("the server rejected our request due to an error in our request: ");
                });
    }

    private static JsonNode json(String text) throws Exception {
        return KubeJson.mapper().readTree(text);
    }
}
