package io.skiff.controllermanager.persistentvolume;

import static io.skiff.controllermanager.persistentvolume.BinderFixtures.ROX;
import static io.skiff.controllermanager.persistentvolume.BinderFixtures.RWO;
import static io.skiff.controllermanager.persistentvolume.BinderFixtures.RWX;
import static io.skiff.controllermanager.persistentvolume.BinderFixtures.claim;
import static io.skiff.controllermanager.persistentvolume.BinderFixtures.node;
import static io.skiff.controllermanager.persistentvolume.BinderFixtures.onNodesWith;
import static io.skiff.controllermanager.persistentvolume.BinderFixtures.preBoundTo;
import static io.skiff.controllermanager.persistentvolume.BinderFixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VolumeMatcherTest {

    private static final Node NODE_A = node("node-a", Map.of("zone", "a"));

    record Case(
            String name,
            PersistentVolumeClaim claim,
            List<PersistentVolume> volumes,
            boolean delayBinding,
            Node node,
            String expected) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(
                        "the smallest volume at least as large as the request wins",
                        claim("data", "3Gi"),
                        List.of(volume("pv-10g", "10Gi"), volume("pv-1g", "1Gi"), volume("pv-5g", "5Gi")),
                        false,
                        null,
                        "pv-5g"),
                new Case(
                        "a volume of exactly the requested size fits; quantities compare by value",
                        claim("data", "1024Mi"),
                        List.of(volume("pv-2g", "2Gi"), volume("pv-1g", "1Gi")),
                        false,
                        null,
                        "pv-1g"),
                new Case(
                        "nothing large enough: no match",
                        claim("data", "20Gi"),
                        List.of(volume("pv-10g", "10Gi")),
                        false,
                        null,
                        null),
                new Case(
                        "equal sizes: the first by name, so that the choice is stable",
                        claim("data", "1Gi"),
                        List.of(volume("pv-b", "5Gi"), volume("pv-a", "5Gi")),
                        false,
                        null,
                        "pv-a"),
                new Case(
                        "volumes bound to another claim are not offered",
                        claim("data", "1Gi"),
                        List.of(
                                BinderFixtures.boundVolume("pv-1g", "1Gi", claim("other", "1Gi")),
                                volume("pv-5g", "5Gi")),
                        false,
                        null,
                        "pv-5g"),
                new Case(
                        "only Available volumes are offered (Pending, Released are not)",
                        claim("data", "1Gi"),
                        List.of(
                                volume(
                                        "pv-pending",
                                        "1Gi",
                                        v -> v.editStatus().withPhase("Pending").endStatus()),
                                volume(
                                        "pv-released",
                                        "2Gi",
                                        v -> v.editStatus()
                                                .withPhase("Released")
                                                .endStatus()),
                                volume("pv-available", "3Gi")),
                        false,
                        null,
                        "pv-available"),
                new Case(
                        "volumes being deleted are not offered",
                        claim("data", "1Gi"),
                        List.of(volume(
                                "pv-1g",
                                "1Gi",
                                v -> v.editMetadata()
                                        .withDeletionTimestamp("2026-01-01T00:00:00Z")
                                        .endMetadata())),
                        false,
                        null,
                        null),
                new Case(
                        "a claim without class gets only volumes without class",
                        claim("data", "1Gi"),
                        List.of(
                                volume(
                                        "pv-fast",
                                        "1Gi",
                                        v -> v.editSpec()
                                                .withStorageClassName("fast")
                                                .endSpec()),
                                volume("pv-none", "5Gi")),
                        false,
                        null,
                        "pv-none"),
                new Case(
                        "a claim of a class gets only volumes of that class",
                        claim(
                                "data",
                                "1Gi",
                                c -> c.editSpec().withStorageClassName("fast").endSpec()),
                        List.of(
                                volume("pv-none", "1Gi"),
                                volume(
                                        "pv-slow",
                                        "1Gi",
                                        v -> v.editSpec()
                                                .withStorageClassName("slow")
                                                .endSpec()),
                                volume(
                                        "pv-fast",
                                        "5Gi",
                                        v -> v.editSpec()
                                                .withStorageClassName("fast")
                                                .endSpec())),
                        false,
                        null,
                        "pv-fast"),
                new Case(
                        "the beta storage-class annotation wins over spec.storageClassName",
                        claim(
                                "data",
                                "1Gi",
                                c -> c.editMetadata()
                                        .addToAnnotations(Volumes.ANN_BETA_STORAGE_CLASS, "fast")
                                        .endMetadata()
                                        .editSpec()
                                        .withStorageClassName("slow")
                                        .endSpec()),
                        List.of(
                                volume(
                                        "pv-slow",
                                        "1Gi",
                                        v -> v.editSpec()
                                                .withStorageClassName("slow")
                                                .endSpec()),
                                volume(
                                        "pv-fast",
                                        "5Gi",
                                        v -> v.editSpec()
                                                .withStorageClassName("fast")
                                                .endSpec())),
                        false,
                        null,
                        "pv-fast"),
                new Case(
                        "the volume must offer every requested access mode",
                        claim(
                                "data",
                                "1Gi",
                                c -> c.editSpec().withAccessModes(RWO, RWX).endSpec()),
                        List.of(
                                volume("pv-rwo", "1Gi"),
                                volume(
                                        "pv-rwo-rwx",
                                        "5Gi",
                                        v -> v.editSpec()
                                                .withAccessModes(RWX, RWO)
                                                .endSpec())),
                        false,
                        null,
                        "pv-rwo-rwx"),
                new Case(
                        "volumes with the fewest access modes are searched first, even if larger",
                        claim("data", "1Gi"),
                        List.of(
                                volume(
                                        "pv-many-modes",
                                        "1Gi",
                                        v -> v.editSpec()
                                                .withAccessModes(RWO, ROX, RWX)
                                                .endSpec()),
                                volume("pv-rwo", "10Gi")),
                        false,
                        null,
                        "pv-rwo"),
                new Case(
                        "block claims get block volumes, filesystem claims filesystem ones",
                        claim(
                                "data",
                                "1Gi",
                                c -> c.editSpec().withVolumeMode("Block").endSpec()),
                        List.of(
                                volume("pv-fs", "1Gi"),
                                volume(
                                        "pv-block",
                                        "5Gi",
                                        v -> v.editSpec()
                                                .withVolumeMode("Block")
                                                .endSpec())),
                        false,
                        null,
                        "pv-block"),
                new Case(
                        "an unset volume mode is Filesystem",
                        claim(
                                "data",
                                "1Gi",
                                c -> c.editSpec().withVolumeMode(null).endSpec()),
                        List.of(volume(
                                "pv-fs",
                                "1Gi",
                                v -> v.editSpec().withVolumeMode(null).endSpec())),
                        false,
                        null,
                        "pv-fs"),
                new Case(
                        "the label selector filters volumes",
                        claim(
                                "data",
                                "1Gi",
                                c -> c.editSpec()
                                        .withNewSelector()
                                        .addToMatchLabels("tier", "gold")
                                        .endSelector()
                                        .endSpec()),
                        List.of(
                                volume("pv-plain", "1Gi"),
                                volume(
                                        "pv-gold",
                                        "5Gi",
                                        v -> v.editMetadata()
                                                .addToLabels("tier", "gold")
                                                .endMetadata())),
                        false,
                        null,
                        "pv-gold"),
                new Case(
                        "a volume pre-bound to the claim wins over a smaller free one",
                        claim("data", "1Gi"),
                        List.of(
                                volume("pv-1g", "1Gi"),
                                volume(
                                        "pv-reserved",
                                        "10Gi",
                                        v -> preBoundTo(v, "data")
                                                .editStatus()
                                                .withPhase("Available")
                                                .endStatus())),
                        false,
                        null,
                        "pv-reserved"),
                new Case(
                        "a pre-bound volume that is too small is passed over",
                        claim("data", "5Gi"),
                        List.of(volume("pv-reserved", "1Gi", v -> preBoundTo(v, "data")), volume("pv-5g", "5Gi")),
                        false,
                        null,
                        "pv-5g"),
                new Case(
                        "a volume pre-bound to another claim is not offered",
                        claim("data", "1Gi"),
                        List.of(volume("pv-reserved", "1Gi", v -> preBoundTo(v, "other"))),
                        false,
                        null,
                        null),
                new Case(
                        "node affinity is ignored without a selected node",
                        claim("data", "1Gi"),
                        List.of(volume("pv-local", "1Gi", v -> onNodesWith(v, "zone", "b"))),
                        false,
                        null,
                        "pv-local"),
                new Case(
                        "delayed binding without a node offers no free volume",
                        claim("data", "1Gi"),
                        List.of(volume("pv-1g", "1Gi")),
                        true,
                        null,
                        null),
                new Case(
                        "delayed binding still returns a volume pre-bound to the claim",
                        claim("data", "1Gi"),
                        List.of(volume("pv-reserved", "1Gi", v -> preBoundTo(v, "data"))),
                        true,
                        null,
                        "pv-reserved"),
                new Case(
                        "with a selected node, volumes whose node affinity excludes it are passed over",
                        claim("data", "1Gi"),
                        List.of(
                                volume("pv-b", "1Gi", v -> onNodesWith(v, "zone", "b")),
                                volume("pv-a", "5Gi", v -> onNodesWith(v, "zone", "a")),
                                volume("pv-anywhere", "10Gi")),
                        true,
                        NODE_A,
                        "pv-a"),
                new Case(
                        "with a selected node, a pre-bound volume on another node means no match",
                        claim("data", "1Gi"),
                        List.of(
                                volume("pv-reserved", "1Gi", v -> onNodesWith(preBoundTo(v, "data"), "zone", "b")),
                                volume("pv-anywhere", "10Gi")),
                        true,
                        NODE_A,
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findsTheBestMatch(Case testCase) {
        assertThat(VolumeMatcher.findBestMatch(
                                testCase.claim(), testCase.volumes(), testCase.delayBinding(), testCase.node())
                        .map(volume -> volume.getMetadata().getName())
                        .orElse(null))
                .isEqualTo(testCase.expected());
    }

    static Stream<Arguments> mismatches() {
        return Stream.of(
                Arguments.of("fits", volume("pv", "5Gi"), claim("data", "5Gi"), null),
                Arguments.of("too small", volume("pv", "1Gi"), claim("data", "5Gi"), "requested PV is too small"),
                Arguments.of(
                        "other class",
                        volume(
                                "pv",
                                "5Gi",
                                v -> v.editSpec().withStorageClassName("fast").endSpec()),
                        claim("data", "1Gi"),
                        "storageClassName does not match"),
                Arguments.of(
                        "other volume mode",
                        volume(
                                "pv",
                                "5Gi",
                                v -> v.editSpec().withVolumeMode("Block").endSpec()),
                        claim("data", "1Gi"),
                        "incompatible volumeMode"),
                Arguments.of(
                        "missing access mode",
                        volume("pv", "5Gi"),
                        claim(
                                "data",
                                "1Gi",
                                c -> c.editSpec().withAccessModes(RWX).endSpec()),
                        "incompatible accessMode"),
                Arguments.of(
                        "being deleted",
                        volume(
                                "pv",
                                "5Gi",
                                v -> v.editMetadata()
                                        .withDeletionTimestamp("2026-01-01T00:00:00Z")
                                        .endMetadata()),
                        claim("data", "1Gi"),
                        "the volume is marked for deletion \"pv\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mismatches")
    void explainsWhyARequestedVolumeDoesNotFit(
            String name, PersistentVolume volume, PersistentVolumeClaim claim, String expected) {
        assertThat(VolumeMatcher.mismatch(volume, claim).orElse(null)).isEqualTo(expected);
    }
}
