package io.skiff.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.patch.FieldSchema.Shape;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The server-side apply markers, checked against the model and against Kubernetes' schema. */
class ApplyMarkersTest {

    private static final PatchSchema SCHEMA = PatchSchema.builtin();

    /** A marker on a field the model lacks, or of the wrong shape, would silently never apply. */
    @Test
    void everyMarkerNamesAFieldOfTheRightShape() {
        ApplyMarkers markers = ApplyMarkers.kubernetes();
        FabricModel model = new FabricModel(GoStructTags.kubernetes(), markers);
        markers.allFields()
                .forEach((owner, fields) -> fields.forEach((name, tag) -> {
                    String where = owner.getSimpleName() + "." + name;
                    assertThat(model.fields(owner)).as(where).containsKey(name);
                    FieldSchema field = model.field(owner, name);
                    if (tag.listType() != null) {
                        assertThat(field.shape()).as(where).isEqualTo(Shape.LIST);
                        Shape element = tag.listType() == ListType.MAP ? Shape.OBJECT : null;
                        if (tag.listType() == ListType.SET) {
                            element = Shape.SCALAR;
                        }
                        if (element != null) {
                            assertThat(field.element().shape())
                                    .as(where + " elements")
                                    .isEqualTo(element);
                        }
                        for (String key : tag.listMapKeys()) {
                            assertThat(field.element().child(key).shape())
                                    .as(where + " key " + key)
                                    .isEqualTo(Shape.SCALAR);
                        }
                    }
                    if (Boolean.FALSE.equals(tag.granular())) {
                        assertThat(field.shape()).as(where).isEqualTo(Shape.MAP);
                    }
                    if (Boolean.TRUE.equals(tag.granular())) {
                        assertThat(field.shape()).as(where).isEqualTo(Shape.OBJECT);
                        assertThat(field.granular()).as(where).isTrue();
                    }
                }));
        for (Class<?> struct : markers.atomicStructs()) {
            assertThat(model.fields(struct)).as(struct.getName()).isNotEmpty();
        }
        markers.allKeyDefaults()
                .forEach((struct, defaults) -> defaults.keySet()
                        .forEach(field -> assertThat(model.fields(struct))
                                .as(struct.getSimpleName())
                                .containsKey(field)));
    }

    static Stream<Arguments> listCases() {
        return Stream.of(
                Arguments.of(
                        "container ports are keyed by port and protocol",
                        "v1/Pod",
                        List.of("spec", "containers", "[]", "ports"),
                        ListType.MAP,
                        List.of("containerPort", "protocol")),
                Arguments.of(
                        "service ports are keyed by port and protocol",
                        "v1/Service",
                        List.of("spec", "ports"),
                        ListType.MAP,
                        List.of("port", "protocol")),
                Arguments.of(
                        "spread constraints are keyed by topology key and unsatisfiable action",
                        "apps/v1/Deployment",
                        List.of("spec", "template", "spec", "topologySpreadConstraints"),
                        ListType.MAP,
                        List.of("topologyKey", "whenUnsatisfiable")),
                Arguments.of(
                        "env keeps its merge key",
                        "v1/Pod",
                        List.of("spec", "containers", "[]", "env"),
                        ListType.MAP,
                        List.of("name")),
                Arguments.of(
                        "finalizers are a set",
                        "v1/ConfigMap",
                        List.of("metadata", "finalizers"),
                        ListType.SET,
                        List.of()),
                Arguments.of(
                        "tolerations have no strategy and are atomic",
                        "v1/Pod",
                        List.of("spec", "tolerations"),
                        ListType.ATOMIC,
                        List.of()),
                Arguments.of(
                        "a pod's host IPs merge under patch but are atomic under apply",
                        "v1/Pod",
                        List.of("status", "hostIPs"),
                        ListType.ATOMIC,
                        List.of()),
                Arguments.of(
                        "a Job's conditions are atomic",
                        "batch/v1/Job",
                        List.of("status", "conditions"),
                        ListType.ATOMIC,
                        List.of()),
                Arguments.of(
                        "a Deployment's conditions are keyed by type",
                        "apps/v1/Deployment",
                        List.of("status", "conditions"),
                        ListType.MAP,
                        List.of("type")),
                Arguments.of(
                        "node selector terms are atomic",
                        "v1/Pod",
                        List.of(
                                "spec",
                                "affinity",
                                "nodeAffinity",
                                "requiredDuringSchedulingIgnoredDuringExecution",
                                "nodeSelectorTerms"),
                        ListType.ATOMIC,
                        List.of()),
                Arguments.of(
                        "resource claims of a container are keyed by name without a patch strategy",
                        "v1/Pod",
                        List.of("spec", "containers", "[]", "resources", "claims"),
                        ListType.MAP,
                        List.of("name")),
                Arguments.of(
                        "endpoint addresses are a set without a patch strategy",
                        "discovery.k8s.io/v1/EndpointSlice",
                        List.of("endpoints", "[]", "addresses"),
                        ListType.SET,
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("listCases")
    void listTypes(String name, String kind, List<String> path, ListType type, List<String> keys) {
        FieldSchema field = at(kind, path);

        assertThat(field.listType()).isEqualTo(type);
        assertThat(field.listMapKeys()).isEqualTo(keys);
    }

    static Stream<Arguments> granularityCases() {
        return Stream.of(
                Arguments.of("labels are granular", "v1/Pod", List.of("metadata", "labels"), true),
                Arguments.of("a pod's node selector is atomic", "v1/Pod", List.of("spec", "nodeSelector"), false),
                Arguments.of("a service's selector is atomic", "v1/Service", List.of("spec", "selector"), false),
                Arguments.of(
                        "a label selector is an atomic struct",
                        "apps/v1/Deployment",
                        List.of("spec", "selector"),
                        false),
                Arguments.of(
                        "a node selector is an atomic struct",
                        "v1/Pod",
                        List.of("spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution"),
                        false),
                Arguments.of("an object reference is an atomic struct", "v1/Event", List.of("involvedObject"), false),
                Arguments.of(
                        "except a persistent volume's claimRef, marked granular",
                        "v1/PersistentVolume",
                        List.of("spec", "claimRef"),
                        true),
                Arguments.of(
                        "a secret key selector is an atomic struct",
                        "v1/Pod",
                        List.of("spec", "containers", "[]", "env", "[]", "valueFrom", "secretKeyRef"),
                        false),
                Arguments.of("a pod spec is granular", "v1/Pod", List.of("spec"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("granularityCases")
    void mapAndStructTypes(String name, String kind, List<String> path, boolean granular) {
        assertThat(at(kind, path).granular()).isEqualTo(granular);
    }

    @Test
    void portProtocolsDefaultToTcpAsKeys() {
        assertThat(at("v1/Pod", List.of("spec", "containers", "[]", "ports", "[]"))
                        .keyDefault("protocol")
                        .map(n -> n.asText()))
                .contains("TCP");
        assertThat(at("v1/Pod", List.of("spec", "containers", "[]", "ports", "[]"))
                        .keyDefault("containerPort"))
                .isEmpty();
    }

    private static FieldSchema at(String kind, List<String> path) {
        int slash = kind.lastIndexOf('/');
        FieldSchema schema =
                SCHEMA.root(kind.substring(0, slash), kind.substring(slash + 1)).orElseThrow();
        for (String step : path) {
            schema = step.equals("[]") ? schema.element() : schema.child(step);
        }
        return schema;
    }
}
