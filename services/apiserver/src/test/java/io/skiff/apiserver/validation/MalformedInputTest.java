package io.skiff.apiserver.validation;

import static io.skiff.apiserver.validation.TestObjects.type;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Objects that are not what their kind's schema says (a string where a list belongs, a number for a name)
 * must be reported, never crash validation: the API server may validate before a strict decode.
 */
class MalformedInputTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MUTANTS_PER_OBJECT = 300;

    static Stream<Arguments> objects() {
        return Stream.of(
                Arguments.of("Pod", type("", "Pod", true), PodValidationTest.POD),
                Arguments.of("Deployment", type("apps", "Deployment", true), WorkloadValidationTest.DEPLOYMENT),
                Arguments.of("DaemonSet", type("apps", "DaemonSet", true), WorkloadValidationTest.DAEMON_SET),
                Arguments.of("StatefulSet", type("apps", "StatefulSet", true), WorkloadValidationTest.STATEFUL_SET),
                Arguments.of(
                        "ReplicationController",
                        type("", "ReplicationController", true),
                        WorkloadValidationTest.CONTROLLER),
                Arguments.of("Job", type("batch", "Job", true), BatchValidationTest.JOB),
                Arguments.of("CronJob", type("batch", "CronJob", true), BatchValidationTest.CRON_JOB),
                Arguments.of("Service", type("", "Service", true), NetworkValidationTest.ALLOCATED),
                Arguments.of(
                        "EndpointSlice", type("discovery.k8s.io", "EndpointSlice", true), NetworkValidationTest.SLICE),
                Arguments.of("Ingress", type("networking.k8s.io", "Ingress", true), NetworkValidationTest.INGRESS),
                Arguments.of("ConfigMap", type("", "ConfigMap", true), ConfigValidationTest.CONFIG_MAP),
                Arguments.of("Secret", type("", "Secret", true), ConfigValidationTest.SECRET),
                Arguments.of("Node", type("", "Node", false), ClusterValidationTest.NODE),
                Arguments.of("Lease", type("coordination.k8s.io", "Lease", true), ClusterValidationTest.LEASE),
                Arguments.of("Event", type("events.k8s.io", "Event", true), ClusterValidationTest.NEW_EVENT),
                Arguments.of(
                        "RoleBinding",
                        type("rbac.authorization.k8s.io", "RoleBinding", true),
                        ClusterValidationTest.BINDING),
                Arguments.of(
                        "StorageClass",
                        type("storage.k8s.io", "StorageClass", false),
                        StorageAndPolicyValidationTest.STORAGE_CLASS),
                Arguments.of(
                        "PersistentVolumeClaim",
                        type("", "PersistentVolumeClaim", true),
                        StorageAndPolicyValidationTest.CLAIM),
                Arguments.of(
                        "PersistentVolume", type("", "PersistentVolume", false), StorageAndPolicyValidationTest.VOLUME),
                Arguments.of("LimitRange", type("", "LimitRange", true), StorageAndPolicyValidationTest.LIMIT_RANGE),
                Arguments.of("ResourceQuota", type("", "ResourceQuota", true), StorageAndPolicyValidationTest.QUOTA),
                Arguments.of(
                        "PodDisruptionBudget",
                        type("policy", "PodDisruptionBudget", true),
                        StorageAndPolicyValidationTest.BUDGET));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objects")
    void reportsInsteadOfFailingOnMistypedFields(String kind, ResourceType type, ObjectNode object) {
        Random random = new Random(kind.hashCode());
        ObjectValidation validation = ObjectValidation.builtin();
        for (int i = 0; i < MUTANTS_PER_OBJECT; i++) {
            ObjectNode mutant = mutate(object, random);
            assertThatCode(() -> {
                        validation.validateCreate(type, mutant);
                        validation.validateUpdate(type, mutant, object);
                        validation.validateUpdate(type, object, mutant);
                        validation.validateStatusUpdate(type, mutant, object);
                    })
                    .as("mutant %s", mutant)
                    .doesNotThrowAnyException();
        }
    }

    /** A copy with one node (anywhere in the tree) replaced by a value of a random other type. */
    private static ObjectNode mutate(ObjectNode object, Random random) {
        ObjectNode copy = object.deepCopy();
        List<Map.Entry<JsonNode, Object>> slots = new ArrayList<>();
        collect(copy, slots);
        Map.Entry<JsonNode, Object> slot = slots.get(random.nextInt(slots.size()));
        JsonNode replacement = randomNode(random);
        if (slot.getKey() instanceof ObjectNode parent) {
            parent.set((String) slot.getValue(), replacement);
        } else {
            ((ArrayNode) slot.getKey()).set((Integer) slot.getValue(), replacement);
        }
        return copy;
    }

    private static void collect(JsonNode node, List<Map.Entry<JsonNode, Object>> slots) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                slots.add(Map.entry(object, name));
                collect(object.get(name), slots);
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(Map.entry(array, i));
                collect(array.get(i), slots);
            }
        }
    }

    private static JsonNode randomNode(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.textNode("");
            case 2 -> NODES.textNode("x/y/z..%$ \t\u00e9");
            case 3 -> NODES.numberNode(-1);
            case 4 -> NODES.numberNode(1.5e300);
            case 5 -> NODES.booleanNode(true);
            case 6 -> NODES.arrayNode().add("a").add(7).addNull();
            case 7 -> NODES.objectNode().put("name", 3).set("x", NODES.arrayNode());
            default -> NODES.numberNode(Long.MAX_VALUE);
        };
    }
}
