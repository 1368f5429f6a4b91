package io.skiff.apiserver.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.patch.PatchSchema;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Field sets of values and of changes, in the FieldsV1 encoding Kubernetes stores. */
class FieldSetsTest {

    private static final String DEPLOYMENT = "apps/v1/Deployment";
    private static final String POD = "v1/Pod";
    private static final String CONFIG_MAP = "v1/ConfigMap";

    private static Position root(String type) {
        return PatchSchema.builtin().root(Yaml.type(type)).map(Position::new).orElse(Position.UNTYPED);
    }

    static Stream<Arguments> valueCases() {
        return Stream.of(
                Arguments.of(
                        "struct fields and map keys are owned one by one",
                        DEPLOYMENT,
                        "{metadata: {labels: {app: web}}, spec: {replicas: 2}}",
                        "{f:metadata: {f:labels: {f:app: {}}}, f:spec: {f:replicas: {}}}"),
                Arguments.of(
                        "containers are keyed by name, and the item itself is owned",
                        POD,
                        "{spec: {containers: [{name: web, image: nginx}]}}",
                        "{f:spec: {f:containers: {'k:{\"name\":\"web\"}': {.: {}, f:image: {}, f:name: {}}}}}"),
                Arguments.of(
                        "a merging list of scalars is a set owned value by value",
                        POD,
                        "{metadata: {finalizers: [a, b]}}",
                        "{f:metadata: {f:finalizers: {'v:\"a\"': {}, 'v:\"b\"': {}}}}"),
                Arguments.of(
                        "a list without a merge strategy is atomic",
                        POD,
                        "{spec: {containers: [{name: web, args: [x, y]}]}}",
                        "{f:spec: {f:containers: {'k:{\"name\":\"web\"}': {.: {}, f:args: {}, f:name: {}}}}}"),
                Arguments.of(
                        "container ports are keyed by number and protocol, TCP where it is left out",
                        POD,
                        "{spec: {containers: [{name: web, ports: [{containerPort: 80}]}]}}",
                        "{f:spec: {f:containers: {'k:{\"name\":\"web\"}': {.: {}, f:name: {}, f:ports:"
                                + " {'k:{\"containerPort\":80,\"protocol\":\"TCP\"}': {.: {}, f:containerPort: {}}}}}}}"),
                Arguments.of("an empty map is owned as a whole", CONFIG_MAP, "{data: {}}", "{f:data: {}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueCases")
    void fieldSetOfAValue(String name, String type, String value, String expected) {
        FieldSet set = FieldSets.of(root(type), Yaml.node(value));
        assertThat(set.toFieldsV1()).isEqualTo(Yaml.node(expected));
        assertThat(FieldSet.fromFieldsV1(set.toFieldsV1())).isEqualTo(set);
    }

    static Stream<Arguments> changeCases() {
        return Stream.of(
                Arguments.of(
                        "a modified scalar",
                        DEPLOYMENT,
                        "{spec: {replicas: 2}}",
                        "{spec: {replicas: 3}}",
                        "{f:spec: {f:replicas: {}}}",
                        "{}"),
                Arguments.of(
                        "numbers compare by value, whatever their representation",
                        DEPLOYMENT,
                        "{spec: {replicas: 2}}",
                        "{spec: {replicas: 2.0}}",
                        "{}",
                        "{}"),
                Arguments.of(
                        "an added map is owned with everything in it",
                        DEPLOYMENT,
                        "{metadata: {}}",
                        "{metadata: {labels: {app: web}}}",
                        "{f:metadata: {f:labels: {.: {}, f:app: {}}}}",
                        "{}"),
                Arguments.of(
                        "a removed container, an added one and a changed image",
                        POD,
                        "{spec: {containers: [{name: a, image: x}, {name: b, image: y}]}}",
                        "{spec: {containers: [{name: b, image: z}, {name: c, image: w}]}}",
                        "{f:spec: {f:containers: {'k:{\"name\":\"b\"}': {f:image: {}},"
                                + " 'k:{\"name\":\"c\"}': {.: {}, f:image: {}, f:name: {}}}}}",
                        "{f:spec: {f:containers: {'k:{\"name\":\"a\"}': {.: {}, f:image: {}, f:name: {}}}}}"),
                Arguments.of(
                        "set members added and removed",
                        POD,
                        "{metadata: {finalizers: [a, b]}}",
                        "{metadata: {finalizers: [b, c]}}",
                        "{f:metadata: {f:finalizers: {'v:\"c\"': {}}}}",
                        "{f:metadata: {f:finalizers: {'v:\"a\"': {}}}}"),
                Arguments.of(
                        "reordering an atomic list changes it",
                        POD,
                        "{spec: {containers: [{name: a, args: [x, y]}]}}",
                        "{spec: {containers: [{name: a, args: [y, x]}]}}",
                        "{f:spec: {f:containers: {'k:{\"name\":\"a\"}': {f:args: {}}}}}",
                        "{}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changeCases")
    void changesBetweenTwoValues(
            String name, String type, String before, String after, String changed, String removed) {
        FieldSets.Changes changes = FieldSets.compare(root(type), Yaml.node(before), Yaml.node(after));
        assertThat(changes.changed().toFieldsV1()).isEqualTo(Yaml.node(changed));
        assertThat(changes.removed().toFieldsV1()).isEqualTo(Yaml.node(removed));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderCases")
    void pathsPrintAsInConflictMessages(String name, String fieldsV1, String rendered) {
        assertThat(FieldSet.fromFieldsV1(Yaml.node(fieldsV1)).paths())
                .singleElement()
                .extracting(PathElements::render)
                .isEqualTo(rendered);
    }

    static Stream<Arguments> renderCases() {
        return Stream.of(
                Arguments.of("a field", "{f:spec: {f:replicas: {}}}", ".spec.replicas"),
                Arguments.of(
                        "a keyed item's field",
                        "{f:spec: {f:containers: {'k:{\"name\":\"web\"}': {f:image: {}}}}}",
                        ".spec.containers[name=\"web\"].image"),
                Arguments.of(
                        "a set member",
                        "{f:metadata: {f:finalizers: {'v:\"a\"': {}}}}",
                        ".metadata.finalizers[=\"a\"]"));
    }
}
