package io.skiff.model.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.selector.FieldSelector.Requirement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FieldSelectorTest {

    private static final ResourceCatalog CATALOG = ResourceCatalog.builtin();

    static Stream<Arguments> parsing() {
        return Stream.of(
                arguments("empty selector", "", List.of(), ""),
                arguments("only commas", ",,", List.of(), ""),
                arguments(
                        "single equality",
                        "spec.nodeName=node-1",
                        List.of(new Requirement("spec.nodeName", true, "node-1")),
                        "spec.nodeName=node-1"),
                arguments(
                        "double equals reads as equals",
                        "status.phase==Running",
                        List.of(new Requirement("status.phase", true, "Running")),
                        "status.phase=Running"),
                arguments(
                        "inequality",
                        "metadata.namespace!=default",
                        List.of(new Requirement("metadata.namespace", false, "default")),
                        "metadata.namespace!=default"),
                arguments(
                        "empty value",
                        "spec.nodeName=",
                        List.of(new Requirement("spec.nodeName", true, "")),
                        "spec.nodeName="),
                arguments(
                        "terms sorted as written",
                        "status.phase!=Running,spec.restartPolicy=Always",
                        List.of(
                                new Requirement("spec.restartPolicy", true, "Always"),
                                new Requirement("status.phase", false, "Running")),
                        "spec.restartPolicy=Always,status.phase!=Running"),
                arguments(
                        "escaped comma, equals and backslash in a value",
                        "a=b\\,c\\=d\\\\e",
                        List.of(new Requirement("a", true, "b,c=d\\e")),
                        "a=b\\,c\\=d\\\\e"),
                arguments(
                        "first operator splits the term",
                        "a!=b\\=c",
                        List.of(new Requirement("a", false, "b=c")),
                        "a!=b\\=c"),
                arguments(
                        "whitespace is part of field and value",
                        "a = b",
                        List.of(new Requirement("a ", true, " b")),
                        "a = b"));
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("parsing")
    void parsesTermsAndPrintsThemCanonically(
            String description, String selector, List<Requirement> requirements, String canonical) {
        FieldSelector parsed = FieldSelector.parse(selector);

        assertThat(parsed.requirements()).isEqualTo(requirements);
        assertThat(parsed.toString()).isEqualTo(canonical);
        assertThat(parsed.isEverything()).isEqualTo(requirements.isEmpty());
        assertThat(FieldSelector.parse(canonical).requirements()).isEqualTo(requirements);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments("term without operator", "a", "invalid selector: 'a'; can't understand 'a'"),
                arguments(
                        "set syntax is not supported",
                        "a in (b)",
                        "invalid selector: 'a in (b)'; can't understand 'a in (b)'"),
                arguments("second term without operator", "a=b,c", "invalid selector: 'a=b,c'; can't understand 'c'"),
                arguments(
                        "unescaped equals in a value",
                        "a=b=c",
                        "invalid field selector: unescaped character in value: 61"),
                arguments("unknown escape", "a=b\\c", "invalid field selector: invalid escape sequence: \\c"),
                arguments("trailing backslash", "a=b\\", "invalid field selector: invalid escape sequence: \\"));
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("malformed")
    void rejectsMalformedSelectorsWithKubernetesMessages(String description, String selector, String message) {
        assertThatThrownBy(() -> FieldSelector.parse(selector))
                .isInstanceOf(SelectorException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> matching() {
        Map<String, String> pod = Map.of(
                "metadata.name", "web-1",
                "metadata.namespace", "default",
                "spec.nodeName", "",
                "status.phase", "Running");
        return Stream.of(
                arguments("equality holds", "status.phase=Running", pod, true),
                arguments("equality fails", "status.phase=Pending", pod, false),
                arguments("inequality holds", "metadata.namespace!=kube-system", pod, true),
                arguments("inequality fails", "metadata.namespace!=default", pod, false),
                arguments("unscheduled pods have an empty node name", "spec.nodeName=", pod, true),
                arguments("a missing field reads as empty", "status.podIP=", pod, true),
                arguments("a missing field differs from any value", "status.podIP!=10.0.0.1", pod, true),
                arguments("all terms must hold", "status.phase=Running,metadata.name=web-2", pod, false),
                arguments("everything matches", "", pod, true));
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("matching")
    void matchesFieldsAsKubernetesDoes(
            String description, String selector, Map<String, String> fields, boolean matches) {
        assertThat(FieldSelector.parse(selector).matches(fields)).isEqualTo(matches);
    }

    @Test
    void reportsTheValueAnIndexCanLookUp() {
        FieldSelector selector = FieldSelector.parse("spec.nodeName!=a,status.phase=Running,spec.nodeName=node-1");

        assertThat(selector.exactValue("spec.nodeName")).contains("node-1");
        assertThat(selector.exactValue("status.phase")).contains("Running");
        assertThat(selector.exactValue("metadata.name")).isEmpty();
        assertThat(FieldSelector.parse("spec.nodeName!=a").exactValue("spec.nodeName"))
                .isEmpty();
    }

    static Stream<Arguments> supportedLabels() {
        return Stream.of(
                arguments("pod by node", type("v1", "Pod"), "spec.nodeName=n1"),
                arguments("pod by phase and namespace", type("v1", "Pod"), "status.phase=Running,metadata.namespace=a"),
                arguments("pod by name", type("v1", "Pod"), "metadata.name=a"),
                arguments("core events by involved object", type("v1", "Event"), "involvedObject.uid=1,reason=x"),
                arguments(
                        "events.k8s.io events by regarding object",
                        type("events.k8s.io/v1", "Event"),
                        "regarding.name=a"),
                arguments("secrets by type", type("v1", "Secret"), "type=kubernetes.io/tls"),
                arguments("services by cluster IP", type("v1", "Service"), "spec.clusterIP=None"),
                arguments("nodes by schedulability", type("v1", "Node"), "spec.unschedulable=false"),
                arguments("namespaces by phase", type("v1", "Namespace"), "status.phase=Active"),
                arguments("jobs by successes", type("batch/v1", "Job"), "status.successful=1"),
                arguments(
                        "replication controllers by replicas",
                        type("v1", "ReplicationController"),
                        "status.replicas=0"),
                arguments("deployments by namespace", type("apps/v1", "Deployment"), "metadata.namespace=a"),
                arguments(
                        "cluster-scoped default kinds accept namespace",
                        type("v1", "PersistentVolume"),
                        "metadata.namespace="));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("supportedLabels")
    void acceptsLabelsTheResourceSupports(String description, ResourceType type, String selector) {
        assertThatCode(() -> FieldSelector.parse(selector).checkSupported(type)).doesNotThrowAnyException();
    }

    static Stream<Arguments> unsupportedLabels() {
        return Stream.of(
                arguments(
                        "pod by an unknown field",
                        type("v1", "Pod"),
                        "spec.host=a",
                        "field label not supported: spec.host"),
                arguments(
                        "events.k8s.io events by their core name",
                        type("events.k8s.io/v1", "Event"),
                        "involvedObject.name=a",
                        "field label not supported: involvedObject.name"),
                arguments(
                        "nodes have no namespace",
                        type("v1", "Node"),
                        "metadata.namespace=a",
                        "field label not supported: metadata.namespace"),
                arguments(
                        "namespaces have no namespace",
                        type("v1", "Namespace"),
                        "metadata.namespace=a",
                        "field label not supported: metadata.namespace"),
                arguments(
                        "jobs by an unknown field",
                        type("batch/v1", "Job"),
                        "status.succeeded=1",
                        "field label \"status.succeeded\" not supported for batchv1.Job"),
                arguments(
                        "replica sets do not accept status.replicas",
                        type("apps/v1", "ReplicaSet"),
                        "status.replicas=1",
                        "\"status.replicas\" is not a known field selector: only \"metadata.name\","
                                + " \"metadata.namespace\""),
                arguments(
                        "ingresses by an unknown field",
                        type("networking.k8s.io/v1", "Ingress"),
                        "foo.bar=baz",
                        "\"foo.bar\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""),
                arguments(
                        "cluster-scoped custom resources have no namespace",
                        customResource(false, Set.of("spec.color")),
                        "metadata.namespace=a",
                        "field label not supported: metadata.namespace"),
                arguments(
                        "custom resources by an undeclared field",
                        customResource(true, Set.of("spec.color")),
                        "spec.size=1",
                        "field label not supported: spec.size"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupportedLabels")
    void rejectsLabelsTheResourceDoesNotSupport(
            String description, ResourceType type, String selector, String message) {
        assertThatThrownBy(() -> FieldSelector.parse(selector).checkSupported(type))
                .isInstanceOf(SelectorException.class)
                .hasMessage(message);
    }

    @Test
    void acceptsDeclaredFieldsOfCustomResources() {
        ResourceType widgets = customResource(true, Set.of("spec.color"));

        assertThatCode(() -> FieldSelector.parse("spec.color=red,metadata.namespace=a,metadata.name=b")
                        .checkSupported(widgets))
                .doesNotThrowAnyException();
    }

    private static ResourceType type(String apiVersion, String kind) {
        return CATALOG.byKind(apiVersion, kind).orElseThrow();
    }

    private static ResourceType customResource(boolean namespaced, Set<String> fieldSelectors) {
        return new ResourceType(
                "example.com",
                "v1",
                "Widget",
                "widgets",
                "widget",
                List.of(),
                namespaced,
                List.of("get", "list", "watch"),
                List.of(),
                List.of(),
                fieldSelectors);
    }
}
