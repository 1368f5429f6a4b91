package io.skiff.apiserver.admission.defaulttolerationseconds;

import static io.skiff.apiserver.admission.InMemoryReads.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.admission.Operation;
import io.skiff.apiserver.admission.Resources;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DefaultTolerationSecondsTest {

    private static final String NOT_READY =
            "{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}";
    private static final String UNREACHABLE =
            "{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}";

    private final DefaultTolerationSeconds plugin = new DefaultTolerationSeconds();

    static Stream<Arguments> cases() {
        return Stream.of(
                argumentSet("no tolerations get both", "[]", "[" + NOT_READY + "," + UNREACHABLE + "]"),
                argumentSet(
                        "a not-ready toleration of its own is kept, unreachable added",
                        "[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":60}]",
                        "[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":60},"
                                + UNREACHABLE + "]"),
                argumentSet(
                        "a toleration of every taint covers both",
                        "[{\"operator\":\"Exists\"}]",
                        "[{\"operator\":\"Exists\"}]"),
                argumentSet(
                        "a toleration of every NoExecute taint covers both",
                        "[{\"operator\":\"Exists\",\"effect\":\"NoExecute\"}]",
                        "[{\"operator\":\"Exists\",\"effect\":\"NoExecute\"}]"),
                argumentSet(
                        "a NoSchedule toleration of not-ready does not count",
                        "[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]",
                        "[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"},"
                                + NOT_READY + "," + UNREACHABLE + "]"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void aNewPodToleratesNodeFailuresForFiveMinutes(String given, String expected) {
        ObjectNode pod = parse("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"tolerations\":" + given + "}}");
        plugin.admit(Attributes.create(Resources.PODS, "ns", pod, false));
        assertThat(pod.path("spec").path("tolerations").toString()).isEqualTo(expected);
    }

    @Test
    void aPodWithoutTolerationsGetsTheList() {
        ObjectNode pod = parse("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[]}}");
        plugin.admit(Attributes.create(Resources.PODS, "ns", pod, false));
        assertThat(pod.path("spec").path("tolerations")).hasSize(2);
    }

    @Test
    void onlyCreatesOfPodsThemselvesAreConcerned() {
        assertThat(plugin.handles(Operation.CREATE)).isTrue();
        assertThat(plugin.handles(Operation.UPDATE)).isFalse();
        ObjectNode pod = parse("{\"metadata\":{\"name\":\"p\"},\"spec\":{}}");
        plugin.admit(new Attributes(Operation.CREATE, Resources.PODS, "binding", "ns", "p", pod, null, false, null));
        assertThat(pod.path("spec").has("tolerations")).isFalse();
    }
}
