package io.skiff.model.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequiredNodeAffinityTest {

    private static final Node NODE = new NodeBuilder()
            .withNewMetadata()
            .withName("n1")
            .withLabels(Map.of("disk", "ssd", "cores", "8"))
            .endMetadata()
            .build();

    static Stream<Arguments> constraints() {
        return Stream.of(
                Arguments.of("no constraint admits every node", new PodSpec(), true),
                Arguments.of("a nodeSelector the node has", nodeSelector(Map.of("disk", "ssd")), true),
                Arguments.of("a nodeSelector the node lacks", nodeSelector(Map.of("disk", "hdd")), false),
                Arguments.of("In", affinity(labels(expression("disk", "In", "ssd", "nvme"))), true),
                Arguments.of("NotIn", affinity(labels(expression("disk", "NotIn", "ssd"))), false),
                Arguments.of("Exists", affinity(labels(expression("disk", "Exists"))), true),
                Arguments.of("DoesNotExist", affinity(labels(expression("gpu", "DoesNotExist"))), true),
                Arguments.of("Gt compares integers", affinity(labels(expression("cores", "Gt", "4"))), true),
                Arguments.of("Lt compares integers", affinity(labels(expression("cores", "Lt", "+4"))), false),
                Arguments.of(
                        "Gt on a value that is no integer", affinity(labels(expression("disk", "Gt", "4"))), false),
                Arguments.of(
                        "every expression of a term must hold",
                        affinity(labels(expression("disk", "Exists"), expression("gpu", "Exists"))),
                        false),
                Arguments.of(
                        "one term of several is enough",
                        affinity(labels(expression("gpu", "Exists")), labels(expression("disk", "Exists"))),
                        true),
                Arguments.of("metadata.name In", affinity(fields(expression("metadata.name", "In", "n1"))), true),
                Arguments.of(
                        "metadata.name NotIn", affinity(fields(expression("metadata.name", "NotIn", "n1"))), false),
                Arguments.of("an empty term matches nothing", affinity(new NodeSelectorTermBuilder().build()), false),
                Arguments.of("no terms match nothing", affinity(), false),
                Arguments.of(
                        "an invalid term matches nothing, the others still count",
                        affinity(labels(expression("disk", "In")), labels(expression("cores", "Exists"))),
                        true),
                Arguments.of(
                        "nodeSelector and affinity must both hold",
                        withNodeSelector(affinity(labels(expression("disk", "Exists"))), Map.of("zone", "a")),
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("constraints")
    void hardNodeConstraintsAdmitNodesAsKubernetesDoes(String description, PodSpec spec, boolean matches) {
        assertThat(RequiredNodeAffinity.of(spec).matches(NODE)).isEqualTo(matches);
    }

    private static PodSpec nodeSelector(Map<String, String> labels) {
        return new PodSpecBuilder().withNodeSelector(labels).build();
    }

    private static PodSpec withNodeSelector(PodSpec spec, Map<String, String> labels) {
        spec.setNodeSelector(labels);
        return spec;
    }

    private static PodSpec affinity(io.fabric8.kubernetes.api.model.NodeSelectorTerm... terms) {
        return new PodSpecBuilder()
                .withNewAffinity()
                .withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withNodeSelectorTerms(List.of(terms))
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity()
                .endAffinity()
                .build();
    }

    private static io.fabric8.kubernetes.api.model.NodeSelectorTerm labels(NodeSelectorRequirement... expressions) {
        return new NodeSelectorTermBuilder().withMatchExpressions(expressions).build();
    }

    private static io.fabric8.kubernetes.api.model.NodeSelectorTerm fields(NodeSelectorRequirement... expressions) {
        return new NodeSelectorTermBuilder().withMatchFields(expressions).build();
    }

    private static NodeSelectorRequirement expression(String key, String operator, String... values) {
        return new NodeSelectorRequirementBuilder()
                .withKey(key)
                .withOperator(operator)
                .withValues(values)
                .build();
    }
}
