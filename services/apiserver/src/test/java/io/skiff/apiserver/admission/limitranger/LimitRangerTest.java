package io.skiff.apiserver.admission.limitranger;

import static io.skiff.apiserver.admission.InMemoryReads.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.admission.InMemoryReads;
import io.skiff.apiserver.admission.Resources;
import io.skiff.model.api.ApiException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LimitRangerTest {

    private static final String CONTAINER_RANGE = "{\"metadata\":{\"name\":\"limits\",\"namespace\":\"ns\"},"
            + "\"spec\":{\"limits\":[{\"type\":\"Container\","
            + "\"default\":{\"cpu\":\"500m\",\"memory\":\"256Mi\"},\"defaultRequest\":{\"cpu\":\"200m\",\"memory\":\"128Mi\"},"
            + "\"min\":{\"cpu\":\"100m\"},\"max\":{\"cpu\":\"2\",\"memory\":\"1Gi\"},\"maxLimitRequestRatio\":{\"cpu\":\"4\"}}]}}";

    @Test
    void containersWithoutResourcesGetTheDefaultsAndTheAnnotationSaysSo() {
        LimitRanger plugin = new LimitRanger(new InMemoryReads().add(Resources.LIMIT_RANGES, CONTAINER_RANGE));
        ObjectNode pod = pod("{\"containers\":[{\"name\":\"app\"},"
                + "{\"name\":\"side\",\"resources\":{\"limits\":{\"cpu\":\"1\"},\"requests\":{\"cpu\":\"1\"}}}],"
                + "\"initContainers\":[{\"name\":\"setup\"}]}");
        Attributes create = Attributes.create(Resources.PODS, "ns", pod, false);
        plugin.admit(create);
        assertThat(pod.at("/spec/containers/0/resources"))
                .isEqualTo(parse("{\"limits\":{\"cpu\":\"500m\",\"memory\":\"256Mi\"},"
                        + "\"requests\":{\"cpu\":\"200m\",\"memory\":\"128Mi\"}}"));
        assertThat(pod.at("/spec/containers/1/resources"))
                .isEqualTo(parse("{\"limits\":{\"cpu\":\"1\",\"memory\":\"256Mi\"},"
                        + "\"requests\":{\"cpu\":\"1\",\"memory\":\"128Mi\"}}"));
        assertThat(pod.at("/spec/initContainers/0/resources/limits/cpu").asText())
                .isEqualTo("500m");
        assertThat(pod.at("/metadata/annotations/kubernetes.io~1limit-ranger").asText())
                .isEqualTo("LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for"
                        + " container app; memory request for container side; memory limit for container side;"
                        + " cpu, memory request for init container setup; cpu, memory limit for init container setup");
        assertThatCode(() -> plugin.validate(create)).doesNotThrowAnyException();
    }

    static Stream<Arguments> containerViolations() {
        return Stream.of(
                argumentSet(
                        "a request under the minimum",
                        "{\"requests\":{\"cpu\":\"50m\"},\"limits\":{\"cpu\":\"100m\",\"memory\":\"1Gi\"}}",
                        "minimum cpu usage per Container is 100m, but request is 50m"),
                argumentSet(
                        "a limit over the maximum",
                        "{\"requests\":{\"cpu\":\"1\"},\"limits\":{\"cpu\":\"3\",\"memory\":\"1Gi\"}}",
                        "maximum cpu usage per Container is 2, but limit is 3"),
                argumentSet(
                        "a ratio over the maximum",
                        "{\"requests\":{\"cpu\":\"100m\"},\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}}",
                        "cpu max limit to request ratio per Container is 4, but provided ratio is 10.000000"),
                argumentSet(
                        "several at once, aggregated",
                        "{\"requests\":{\"cpu\":\"50m\"},\"limits\":{\"cpu\":\"3\",\"memory\":\"2Gi\"}}",
                        "[minimum cpu usage per Container is 100m, but request is 50m, maximum cpu usage per"
                                + " Container is 2, but limit is 3, maximum memory usage per Container is 1Gi, but"
                                + " limit is 2Gi, cpu max limit to request ratio per Container is 4, but provided"
                                + " ratio is 60.000000]"));
    }

    @ParameterizedTest
    @MethodSource("containerViolations")
    void aContainerOutsideTheRangeIsForbidden(String resources, String reason) {
        String range = "{\"metadata\":{\"name\":\"limits\",\"namespace\":\"ns\"},\"spec\":{\"limits\":[{\"type\":"
                + "\"Container\",\"min\":{\"cpu\":\"100m\"},\"max\":{\"cpu\":\"2\",\"memory\":\"1Gi\"},"
                + "\"maxLimitRequestRatio\":{\"cpu\":\"4\"}}]}}";
        LimitRanger plugin = new LimitRanger(new InMemoryReads().add(Resources.LIMIT_RANGES, range));
        ObjectNode pod = pod("{\"containers\":[{\"name\":\"app\",\"resources\":" + resources + "}]}");
        ApiException refused = catchThrowableOfType(
                ApiException.class, () -> plugin.validate(Attributes.create(Resources.PODS, "ns", pod, false)));
        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.reason()).isEqualTo("Forbidden");
        assertThat(refused.status().getMessage()).isEqualTo("pods \"x\" is forbidden: " + reason);
    }

    @Test
    void aMissingRequestOrLimitIsNamed() {
        String range = "{\"metadata\":{\"name\":\"limits\",\"namespace\":\"ns\"},\"spec\":{\"limits\":[{\"type\":"
                + "\"Container\",\"min\":{\"memory\":\"1Mi\"},\"max\":{\"cpu\":\"2\"}}]}}";
        LimitRanger plugin = new LimitRanger(new InMemoryReads().add(Resources.LIMIT_RANGES, range));
        ObjectNode pod = pod("{\"containers\":[{\"name\":\"app\"}]}");
        ApiException refused = catchThrowableOfType(
                ApiException.class, () -> plugin.validate(Attributes.create(Resources.PODS, "ns", pod, false)));
        assertThat(refused.status().getMessage())
                .isEqualTo("pods \"x\" is forbidden: [minimum memory usage per Container is 1Mi.  No request is"
                        + " specified, maximum cpu usage per Container is 2.  No limit is specified]");
    }

    @Test
    void thePodAsAWholeIsCheckedAgainstPodItems() {
        String range = "{\"metadata\":{\"name\":\"limits\",\"namespace\":\"ns\"},\"spec\":{\"limits\":[{\"type\":"
                + "\"Pod\",\"max\":{\"memory\":\"256Mi\"}}]}}";
        LimitRanger plugin = new LimitRanger(new InMemoryReads().add(Resources.LIMIT_RANGES, range));
        ObjectNode pod = pod("{\"containers\":["
                + "{\"name\":\"a\",\"resources\":{\"limits\":{\"memory\":\"128Mi\"}}},"
                + "{\"name\":\"b\",\"resources\":{\"limits\":{\"memory\":\"192Mi\"}}}]}");
        ApiException refused = catchThrowableOfType(
                ApiException.class, () -> plugin.validate(Attributes.create(Resources.PODS, "ns", pod, false)));
        assertThat(refused.status().getMessage())
                .isEqualTo("pods \"x\" is forbidden: maximum memory usage per Pod is 256Mi, but limit is 320Mi");
    }

    @Test
    void anInitContainerAskingForMoreRaisesThePodsTotal() {
        ObjectNode spec = parse("{\"containers\":[{\"resources\":{\"requests\":{\"cpu\":\"100m\"}}},"
                + "{\"resources\":{\"requests\":{\"cpu\":\"200m\"}}}],"
                + "\"initContainers\":[{\"resources\":{\"requests\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}}}]}");
        assertThat(PodLimits.podTotal(spec, "requests"))
                .containsEntry("cpu", "1")
                .containsEntry("memory", "1Gi");
    }

    @Test
    void sidecarsAddUpWithTheContainersAndRunBesideLaterInitContainers() {
        ObjectNode spec = parse("{\"containers\":[{\"resources\":{\"requests\":{\"memory\":\"100Mi\"}}}],"
                + "\"initContainers\":["
                + "{\"restartPolicy\":\"Always\",\"resources\":{\"requests\":{\"memory\":\"50Mi\"}}},"
                + "{\"resources\":{\"requests\":{\"memory\":\"120Mi\"}}}]}");
        // 100Mi + 50Mi for the pod's life; 120Mi + 50Mi while the second init container runs.
        assertThat(PodLimits.podTotal(spec, "requests")).containsEntry("memory", "170Mi");
    }

    @Test
    void claimsAreCheckedAgainstPersistentVolumeClaimItems() {
        String range = "{\"metadata\":{\"name\":\"storage\",\"namespace\":\"ns\"},\"spec\":{\"limits\":[{\"type\":"
                + "\"PersistentVolumeClaim\",\"min\":{\"storage\":\"1Gi\"},\"max\":{\"storage\":\"10Gi\"}}]}}";
        LimitRanger plugin = new LimitRanger(new InMemoryReads().add(Resources.LIMIT_RANGES, range));
        ApiException small = catchThrowableOfType(ApiException.class, () -> plugin.validate(claim("500Mi")));
        assertThat(small.status().getMessage())
                .isEqualTo("persistentvolumeclaims \"data\" is forbidden: minimum storage usage per"
                        + " PersistentVolumeClaim is 1Gi, but request is 500Mi");
        ApiException large = catchThrowableOfType(ApiException.class, () -> plugin.validate(claim("20Gi")));
        assertThat(large.status().getMessage())
                .isEqualTo("persistentvolumeclaims \"data\" is forbidden: maximum storage usage per"
                        + " PersistentVolumeClaim is 10Gi, but request is 20Gi");
        assertThatCode(() -> plugin.validate(claim("5Gi"))).doesNotThrowAnyException();
    }

    @Test
    void podUpdatesAndOtherNamespacesAreNotConcerned() {
        LimitRanger plugin = new LimitRanger(new InMemoryReads().add(Resources.LIMIT_RANGES, CONTAINER_RANGE));
        ObjectNode pod = pod("{\"containers\":[{\"name\":\"app\"}]}");
        plugin.admit(Attributes.update(Resources.PODS, "", "ns", "x", pod, pod.deepCopy(), false));
        assertThat(pod.at("/spec/containers/0/resources").isMissingNode()).isTrue();
        plugin.admit(Attributes.create(Resources.PODS, "elsewhere", pod, false));
        assertThat(pod.at("/spec/containers/0/resources").isMissingNode()).isTrue();
    }

    private static ObjectNode pod(String spec) {
        return parse("{\"metadata\":{\"name\":\"x\",\"namespace\":\"ns\"},\"spec\":" + spec + "}");
    }

    private static Attributes claim(String storage) {
        ObjectNode claim = parse("{\"metadata\":{\"name\":\"data\",\"namespace\":\"ns\"},\"spec\":{\"resources\":"
                + "{\"requests\":{\"storage\":\"" + storage + "\"}}}}");
        return Attributes.create(Resources.PERSISTENT_VOLUME_CLAIMS, "ns", claim, false);
    }
}
