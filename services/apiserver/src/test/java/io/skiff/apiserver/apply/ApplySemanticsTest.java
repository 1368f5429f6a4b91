package io.skiff.apiserver.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.patch.PatchSchema;
import io.skiff.model.api.ApiException;
import io.skiff.model.catalog.ResourceType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Structured-merge-diff's merge and ownership rules over Kubernetes' list, map and struct types:
 * keys of several fields, atomic maps, lists and structs, sets, and the order of merged lists.
 */
class ApplySemanticsTest {

    private static final ResourceType POD = Yaml.type("v1/Pod");
    private static final ResourceType DEPLOYMENT = Yaml.type("apps/v1/Deployment");
    private static final ResourceType PV = Yaml.type("v1/PersistentVolume");

    private final FieldManager fields =
            new FieldManager(PatchSchema.builtin(), Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC));

    private static ObjectNode pod(String spec) {
        return Yaml.object("{apiVersion: v1, kind: Pod, metadata: {name: web}, spec: " + spec + "}");
    }

    private static ObjectNode deployment(String spec) {
        return Yaml.object("{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: " + spec + "}");
    }

    private static JsonNode owned(ObjectNode object, String manager) {
        for (JsonNode entry : object.at("/metadata/managedFields")) {
            if (entry.path("manager").asText().equals(manager)) {
                return entry.get("fieldsV1");
            }
        }
        throw new AssertionError(manager + " owns nothing in " + object.at("/metadata/managedFields"));
    }

    static Stream<Arguments> ownershipCases() {
        return Stream.of(
                Arguments.of(
                        "container ports are keyed by port and protocol",
                        POD,
                        pod("{containers: [{name: dns, ports: [{containerPort: 53, protocol: UDP}]}]}"),
                        "{f:spec: {f:containers: {'k:{\"name\":\"dns\"}': {.: {}, f:name: {}, f:ports: {"
                                + "'k:{\"containerPort\":53,\"protocol\":\"UDP\"}': {.: {}, f:containerPort: {},"
                                + " f:protocol: {}}}}}}}"),
                Arguments.of(
                        "spread constraints are keyed by topology key and unsatisfiable action",
                        POD,
                        pod("{topologySpreadConstraints: [{topologyKey: zone, whenUnsatisfiable: DoNotSchedule,"
                                + " maxSkew: 1}]}"),
                        "{f:spec: {f:topologySpreadConstraints: {"
                                + "'k:{\"topologyKey\":\"zone\",\"whenUnsatisfiable\":\"DoNotSchedule\"}':"
                                + " {.: {}, f:maxSkew: {}, f:topologyKey: {}, f:whenUnsatisfiable: {}}}}}"),
                Arguments.of(
                        "an atomic map is owned whole",
                        POD,
                        pod("{nodeSelector: {disk: ssd}}"),
                        "{f:spec: {f:nodeSelector: {}}}"),
                Arguments.of(
                        "a label selector is owned whole",
                        DEPLOYMENT,
                        deployment("{selector: {matchLabels: {app: web}}}"),
                        "{f:spec: {f:selector: {}}}"),
                Arguments.of(
                        "a node selector and its terms are owned whole",
                        POD,
                        pod("{affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution:"
                                + " {nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values:"
                                + " [a]}]}]}}}}"),
                        "{f:spec: {f:affinity: {f:nodeAffinity: {f:requiredDuringSchedulingIgnoredDuringExecution:"
                                + " {}}}}}"),
                Arguments.of(
                        "items of a keyed list of atomic structs are owned without their fields",
                        POD,
                        pod("{imagePullSecrets: [{name: regcred}]}"),
                        "{f:spec: {f:imagePullSecrets: {'k:{\"name\":\"regcred\"}': {}}}}"),
                Arguments.of(
                        "a struct marked granular where its type is atomic is owned field by field",
                        PV,
                        Yaml.object("{apiVersion: v1, kind: PersistentVolume, metadata: {name: pv}, spec:"
                                + " {claimRef: {name: data, namespace: db}}}"),
                        "{f:spec: {f:claimRef: {f:name: {}, f:namespace: {}}}}"),
                Arguments.of(
                        "an atomic list is owned whole",
                        POD,
                        pod("{tolerations: [{key: a, operator: Exists}]}"),
                        "{f:spec: {f:tolerations: {}}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ownershipCases")
    void ownership(String name, ResourceType type, ObjectNode config, String expected) {
        ObjectNode created = fields.applyToCreate(type, config, "a");

        assertThat(owned(created, "a")).isEqualTo(Yaml.node(expected));
    }

    @Test
    void portsOfTheSameNumberAndAnotherProtocolAreOtherItems() {
        ObjectNode live = fields.applyToCreate(
                POD, pod("{containers: [{name: dns, ports: [{containerPort: 53, protocol: UDP}]}]}"), "a");

        ObjectNode applied =
                fields.apply(POD, live, pod("{containers: [{name: dns, ports: [{containerPort: 53}]}]}"), "b", false);

        assertThat(applied.at("/spec/containers/0/ports"))
                .isEqualTo(Yaml.node("[{containerPort: 53, protocol: UDP}, {containerPort: 53}]"));
        assertThat(owned(applied, "b").at("/f:spec/f:containers"))
                .isEqualTo(Yaml.node("{'k:{\"name\":\"dns\"}': {.: {}, f:name: {}, f:ports:"
                        + " {'k:{\"containerPort\":53,\"protocol\":\"TCP\"}': {.: {}, f:containerPort: {}}}}}"));
    }

    @Test
    void aPortLeftWithoutItsProtocolIsTheTcpItem() {
        ObjectNode live = fields.applyToCreate(
                POD, pod("{containers: [{name: web, ports: [{containerPort: 80, protocol: TCP}]}]}"), "a");

        ObjectNode applied = fields.apply(
                POD, live, pod("{containers: [{name: web, ports: [{containerPort: 80, name: http}]}]}"), "b", false);

        assertThat(applied.at("/spec/containers/0/ports"))
                .isEqualTo(Yaml.node("[{containerPort: 80, protocol: TCP, name: http}]"));
    }

    @Test
    void changingAnAtomicMapConflictsAndForcingReplacesItWhole() {
        ObjectNode live = fields.applyToCreate(POD, pod("{nodeSelector: {disk: ssd}}"), "a");

        assertThatThrownBy(() -> fields.apply(POD, live, pod("{nodeSelector: {zone: a}}"), "b", false))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.status().getMessage())
                                .isEqualTo("Apply failed with 1 conflict: conflict with \"a\": .spec.nodeSelector"));

        ObjectNode forced = fields.apply(POD, live, pod("{nodeSelector: {zone: a}}"), "b", true);
        assertThat(forced.at("/spec/nodeSelector")).isEqualTo(Yaml.node("{zone: a}"));
        assertThat(forced.at("/metadata/managedFields").findValuesAsText("manager"))
                .containsExactly("b");
    }

    @Test
    void theSameAtomicValueIsOwnedByBoth() {
        ObjectNode live = fields.applyToCreate(DEPLOYMENT, deployment("{selector: {matchLabels: {app: web}}}"), "a");

        ObjectNode applied =
                fields.apply(DEPLOYMENT, live, deployment("{selector: {matchLabels: {app: web}}}"), "b", false);

        assertThat(owned(applied, "a")).isEqualTo(owned(applied, "b"));
    }

    @Test
    void aLabelSelectorIsNotMergedKeyByKey() {
        ObjectNode live = fields.applyToCreate(DEPLOYMENT, deployment("{selector: {matchLabels: {app: web}}}"), "a");

        ObjectNode applied =
                fields.apply(DEPLOYMENT, live, deployment("{selector: {matchLabels: {tier: front}}}"), "b", true);

        assertThat(applied.at("/spec/selector")).isEqualTo(Yaml.node("{matchLabels: {tier: front}}"));
    }

    @Test
    void anAtomicListIsReplacedWhole() {
        String required = "{affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution:"
                + " {nodeSelectorTerms: [{matchExpressions: [{key: %s, operator: Exists}]}]}}}}";
        ObjectNode live = fields.applyToCreate(POD, pod(required.formatted("zone")), "a");

        ObjectNode applied = fields.apply(POD, live, pod(required.formatted("disk")), "a", false);

        assertThat(applied.at("/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution"
                        + "/nodeSelectorTerms"))
                .isEqualTo(Yaml.node("[{matchExpressions: [{key: disk, operator: Exists}]}]"));
    }

    @Test
    void anAtomicStructLosesTheFieldsItsApplierDropped() {
        String env = "{containers: [{name: web, env: [{name: TOKEN, valueFrom: {secretKeyRef: %s}}]}]}";
        ObjectNode live = fields.applyToCreate(POD, pod(env.formatted("{name: creds, key: token}")), "a");

        ObjectNode applied = fields.apply(POD, live, pod(env.formatted("{name: other}")), "a", false);

        assertThat(applied.at("/spec/containers/0/env/0/valueFrom/secretKeyRef"))
                .isEqualTo(Yaml.node("{name: other}"));
    }

    @Test
    void setsAreMergedValueByValueAndEachApplierRemovesOnlyItsOwn() {
        ObjectNode live = fields.applyToCreate(
                POD, Yaml.object("{apiVersion: v1, kind: Pod, metadata: {name: web, finalizers: [a, b]}}"), "one");
        live = fields.apply(
                POD,
                live,
                Yaml.object("{apiVersion: v1, kind: Pod, metadata: {name: web, finalizers: [c]}}"),
                "two",
                false);
        assertThat(live.at("/metadata/finalizers")).isEqualTo(Yaml.node("[a, b, c]"));

        ObjectNode applied = fields.apply(
                POD,
                live,
                Yaml.object("{apiVersion: v1, kind: Pod, metadata: {name: web, finalizers: [a]}}"),
                "one",
                false);

        assertThat(applied.at("/metadata/finalizers")).isEqualTo(Yaml.node("[a, c]"));
    }

    static Stream<Arguments> orderCases() {
        return Stream.of(
                Arguments.of("new items follow the live ones", "[a, b]", "[b, c]", "[a, b, c]"),
                Arguments.of(
                        "a new item comes in at its place in the configuration", "[a, c]", "[a, b, c]", "[a, b, c]"),
                Arguments.of(
                        "items only the live list has stay before the items the configuration reorders",
                        "[a, b, c]",
                        "[c, a]",
                        "[b, c, a]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orderCases")
    void mergedListsKeepStructuredMergeDiffsOrder(String name, String live, String applied, String expected) {
        String containers = "{containers: %s}";
        ObjectNode created = fields.applyToCreate(POD, pod(containers.formatted(named(live))), "a");

        ObjectNode merged = fields.apply(POD, created, pod(containers.formatted(named(applied))), "b", false);

        assertThat(merged.at("/spec/containers").findValuesAsText("name")).containsExactlyElementsOf(names(expected));
    }

    static Stream<Arguments> invalidCases() {
        return Stream.of(
                Arguments.of(
                        "a keyed list naming an item twice",
                        pod("{containers: [{name: web, image: a}, {name: web, image: b}]}"),
                        "failed to create typed patch object (/web; /v1, Kind=Pod): .spec.containers: duplicate"
                                + " entries for key [name=\"web\"]"),
                Arguments.of(
                        "an item without a key field that has no default",
                        pod("{containers: [{name: web, ports: [{name: http}]}]}"),
                        "failed to create typed patch object (/web; /v1, Kind=Pod):"
                                + " .spec.containers[name=\"web\"].ports: element 0: associative list with keys has"
                                + " an element that omits key field \"containerPort\" (and doesn't have default"
                                + " value)"),
                Arguments.of(
                        "a set naming a value twice",
                        Yaml.object("{apiVersion: v1, kind: Pod, metadata: {name: web, finalizers: [a, a]}}"),
                        "failed to create typed patch object (/web; /v1, Kind=Pod): .metadata.finalizers: duplicate"
                                + " entries for key \"a\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCases")
    void configurationsKubernetesCannotTypeAreBadRequests(String name, ObjectNode config, String message) {
        ObjectNode live = fields.applyToCreate(POD, pod("{containers: [{name: web}]}"), "a");

        assertThatThrownBy(() -> fields.apply(POD, live, config, "a", false))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.status().getMessage()).isEqualTo(message);
                });
        assertThatThrownBy(() -> fields.applyToCreate(POD, config, "a")).isInstanceOf(ApiException.class);
    }

    private static String named(String names) {
        StringBuilder out = new StringBuilder("[");
        for (String name : names(names)) {
            out.append(out.length() > 1 ? ", " : "")
                    .append("{name: ")
                    .append(name)
                    .append('}');
        }
        return out.append(']').toString();
    }

    private static List<String> names(String list) {
        List<String> names = new ArrayList<>();
        Yaml.node(list).forEach(n -> names.add(n.asText()));
        return names;
    }
}
