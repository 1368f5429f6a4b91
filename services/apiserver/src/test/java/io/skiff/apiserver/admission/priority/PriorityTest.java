package io.skiff.apiserver.admission.priority;

import static io.skiff.apiserver.admission.InMemoryReads.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.admission.InMemoryReads;
import io.skiff.apiserver.admission.Resources;
import io.skiff.model.api.ApiException;
import org.junit.jupiter.api.Test;

class PriorityTest {

    private final InMemoryReads reads = new InMemoryReads()
            .add(
                    Resources.PRIORITY_CLASSES,
                    "{\"metadata\":{\"name\":\"system-node-critical\"},\"value\":2000001000,"
                            + "\"preemptionPolicy\":\"PreemptLowerPriority\"}")
            .add(
                    Resources.PRIORITY_CLASSES,
                    "{\"metadata\":{\"name\":\"batch\"},\"value\":100,\"preemptionPolicy\":\"Never\"}");
    private final Priority plugin = new Priority(reads);

    @Test
    void aNamedClassGivesItsValueAndPolicy() {
        ObjectNode pod = pod("{\"priorityClassName\":\"batch\"}");
        plugin.admit(create(pod));
        assertThat(pod.at("/spec/priority").asLong()).isEqualTo(100);
        assertThat(pod.at("/spec/preemptionPolicy").asText()).isEqualTo("Never");
    }

    @Test
    void aBuiltInClassGivesItsValue() {
        ObjectNode pod = pod("{\"priorityClassName\":\"system-node-critical\"}");
        plugin.admit(create(pod));
        assertThat(pod.at("/spec/priority").asLong()).isEqualTo(2000001000L);
    }

    @Test
    void withoutAClassOrADefaultThePriorityIsZero() {
        ObjectNode pod = pod("{}");
        plugin.admit(create(pod));
        assertThat(pod.at("/spec/priority").asLong()).isZero();
        assertThat(pod.at("/spec/preemptionPolicy").asText()).isEqualTo("PreemptLowerPriority");
        assertThat(pod.at("/spec/priorityClassName").isMissingNode()).isTrue();
    }

    @Test
    void withoutAClassTheGlobalDefaultIsNamedAndUsed() {
        reads.add(
                Resources.PRIORITY_CLASSES,
                "{\"metadata\":{\"name\":\"normal\"},\"value\":1000,\"globalDefault\":true,"
                        + "\"preemptionPolicy\":\"PreemptLowerPriority\"}");
        ObjectNode pod = pod("{}");
        plugin.admit(create(pod));
        assertThat(pod.at("/spec/priorityClassName").asText()).isEqualTo("normal");
        assertThat(pod.at("/spec/priority").asLong()).isEqualTo(1000);
    }

    @Test
    void aClassThatDoesNotExistIsForbidden() {
        ApiException refused = catchThrowableOfType(
                ApiException.class, () -> plugin.admit(create(pod("{\"priorityClassName\":\"gold\"}"))));
        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.status().getMessage())
                .isEqualTo("pods \"p\" is forbidden: no PriorityClass with name gold was found");
    }

    @Test
    void aPriorityOfItsOwnMustMatchTheClass() {
        ApiException refused = catchThrowableOfType(
                ApiException.class,
                () -> plugin.admit(create(pod("{\"priorityClassName\":\"batch\",\"priority\":5}"))));
        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.status().getMessage())
                .isEqualTo("pods \"p\" is forbidden: the integer value of priority (5) must not be provided in pod"
                        + " spec; priority admission controller computed 100 from the given PriorityClass name");
        ObjectNode matching = pod("{\"priorityClassName\":\"batch\",\"priority\":100}");
        assertThatCode(() -> plugin.admit(create(matching))).doesNotThrowAnyException();
    }

    @Test
    void aPreemptionPolicyOfItsOwnMustMatchTheClass() {
        ApiException refused = catchThrowableOfType(
                ApiException.class,
                () -> plugin.admit(create(
                        pod("{\"priorityClassName\":\"batch\",\"preemptionPolicy\":\"PreemptLowerPriority\"}"))));
        assertThat(refused.status().getMessage())
                .isEqualTo("pods \"p\" is forbidden: the string value of PreemptionPolicy (PreemptLowerPriority) must"
                        + " not be provided in pod spec; priority admission controller computed Never from the given"
                        + " PriorityClass name");
    }

    @Test
    void anUpdateKeepsThePriorityThePodHas() {
        ObjectNode old = pod("{\"priority\":100,\"preemptionPolicy\":\"Never\",\"priorityClassName\":\"batch\"}");
        ObjectNode updated = pod("{\"priorityClassName\":\"batch\"}");
        plugin.admit(Attributes.update(Resources.PODS, "", "ns", "p", updated, old, false));
        assertThat(updated.at("/spec/priority").asLong()).isEqualTo(100);
        assertThat(updated.at("/spec/preemptionPolicy").asText()).isEqualTo("Never");
    }

    @Test
    void onlyOneClassMayBeTheGlobalDefault() {
        reads.add(
                Resources.PRIORITY_CLASSES,
                "{\"metadata\":{\"name\":\"normal\"},\"value\":1000,\"globalDefault\":true}");
        ObjectNode second = parse("{\"metadata\":{\"name\":\"other\"},\"value\":5,\"globalDefault\":true}");
        ApiException refused = catchThrowableOfType(
                ApiException.class,
                () -> plugin.validate(Attributes.create(Resources.PRIORITY_CLASSES, "", second, false)));
        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.status().getMessage())
                .isEqualTo("priorityclasses.scheduling.k8s.io \"other\" is forbidden: PriorityClass normal is already"
                        + " marked as default. Only one default can exist");

        ObjectNode same = parse("{\"metadata\":{\"name\":\"normal\"},\"value\":1000,\"globalDefault\":true}");
        assertThatCode(() -> plugin.validate(
                        Attributes.update(Resources.PRIORITY_CLASSES, "", "", "normal", same, same.deepCopy(), false)))
                .doesNotThrowAnyException();
    }

    private static ObjectNode pod(String spec) {
        return parse("{\"metadata\":{\"name\":\"p\",\"namespace\":\"ns\"},\"spec\":" + spec + "}");
    }

    private static Attributes create(ObjectNode pod) {
        return Attributes.create(Resources.PODS, "ns", pod, false);
    }
}
