package io.skiff.model.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaintsTest {

    private static final Taint TAINT = new TaintBuilder()
            .withKey("k")
            .withValue("v")
            .withEffect("NoExecute")
            .build();

    static Stream<Arguments> tolerations() {
        return Stream.of(
                Arguments.of(
                        "Exists without a key tolerates every taint", toleration(null, "Exists", null, null), true),
                Arguments.of("the same key and value", toleration("k", null, "v", null), true),
                Arguments.of("Equal compares values", toleration("k", "Equal", "w", null), false),
                Arguments.of("another key", toleration("j", "Exists", null, null), false),
                Arguments.of("the same effect", toleration("k", "Exists", null, "NoExecute"), true),
                Arguments.of("another effect", toleration("k", "Exists", null, "NoSchedule"), false),
                Arguments.of("an unknown operator tolerates nothing", toleration("k", "Near", "v", null), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tolerations")
    void tolerationsMatchAsKubernetesDoes(String description, Toleration toleration, boolean tolerates) {
        assertThat(Taints.tolerates(toleration, TAINT)).isEqualTo(tolerates);
        assertThat(Taints.tolerated(List.of(toleration), TAINT)).isEqualTo(tolerates);
    }

    @Test
    void theFirstUntoleratedTaintPassingTheFilterIsFound() {
        Taint noSchedule =
                new TaintBuilder().withKey("a").withEffect("NoSchedule").build();
        Taint preferNoSchedule =
                new TaintBuilder().withKey("b").withEffect("PreferNoSchedule").build();
        List<Taint> taints = List.of(preferNoSchedule, noSchedule, TAINT);

        assertThat(Taints.findUntolerated(taints, null, Taints.DO_NOT_SCHEDULE)).contains(noSchedule);
        assertThat(Taints.findUntolerated(
                        taints, List.of(toleration("a", "Exists", null, null)), Taints.DO_NOT_SCHEDULE))
                .contains(TAINT);
        assertThat(Taints.findUntolerated(null, null, Taints.DO_NOT_SCHEDULE)).isEmpty();
    }

    @Test
    void addingATolerationReplacesOneThatMatchesTheSameTaints() {
        PodSpec spec = new PodSpec();
        spec.setTolerations(List.of(
                toleration(Taints.NODE_NOT_READY, "Exists", null, Taints.NO_EXECUTE),
                toleration("other", null, "x", null)));
        Toleration forever = toleration(Taints.NODE_NOT_READY, "Exists", null, Taints.NO_EXECUTE);
        forever.setTolerationSeconds(null);
        Toleration briefly = toleration(Taints.NODE_NOT_READY, "Exists", null, Taints.NO_EXECUTE);
        briefly.setTolerationSeconds(300L);

        Taints.addOrUpdate(spec, briefly);
        Taints.addOrUpdate(spec, toleration(Taints.NODE_UNREACHABLE, "Exists", null, Taints.NO_EXECUTE));

        assertThat(spec.getTolerations())
                .extracting(Toleration::getKey, Toleration::getTolerationSeconds)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Taints.NODE_NOT_READY, 300L),
                        org.assertj.core.groups.Tuple.tuple("other", null),
                        org.assertj.core.groups.Tuple.tuple(Taints.NODE_UNREACHABLE, null));
    }

    private static Toleration toleration(String key, String operator, String value, String effect) {
        return new TolerationBuilder()
                .withKey(key)
                .withOperator(operator)
                .withValue(value)
                .withEffect(effect)
                .build();
    }
}
