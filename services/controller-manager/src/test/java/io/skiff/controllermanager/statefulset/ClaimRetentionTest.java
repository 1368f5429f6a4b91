package io.skiff.controllermanager.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.skiff.controllermanager.testing.PodMaker;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClaimRetentionTest {

    static Stream<Arguments> policies() {
        return Stream.of(
                Arguments.of("Retain", "Retain", false, List.of()),
                Arguments.of("Retain", "Retain", true, List.of()),
                Arguments.of("Retain", "Delete", false, List.of("StatefulSet")),
                Arguments.of("Retain", "Delete", true, List.of("StatefulSet")),
                Arguments.of("Delete", "Retain", false, List.of()),
                Arguments.of("Delete", "Retain", true, List.of("Pod")),
                Arguments.of("Delete", "Delete", false, List.of("StatefulSet")),
                Arguments.of("Delete", "Delete", true, List.of("Pod")));
    }

    @ParameterizedTest(name = "whenScaled={0} whenDeleted={1} scaledDown={2}: controlled by {3}")
    @MethodSource("policies")
    void ownerReferencesFollowThePolicy(
            String whenScaled, String whenDeleted, boolean scaledDown, List<String> owners) {
        StatefulSet set = new StatefulSetBuilder(StatefulSetHarness.web(scaledDown ? 1 : 2))
                .editSpec()
                .withNewPersistentVolumeClaimRetentionPolicy()
                .withWhenScaled(whenScaled)
                .withWhenDeleted(whenDeleted)
                .endPersistentVolumeClaimRetentionPolicy()
                .endSpec()
                .build();
        Pod pod = PodMaker.pod("web-1").build();
        PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("data-web-1")
                .endMetadata()
                .build();

        ClaimRetention.update(claim, set, pod);

        List<OwnerReference> refs = claim.getMetadata().getOwnerReferences() == null
                ? List.of()
                : claim.getMetadata().getOwnerReferences();
        assertThat(refs).extracting(OwnerReference::getKind).containsExactlyElementsOf(owners);
        assertThat(refs).allSatisfy(ref -> assertThat(ref.getController()).isTrue());
        assertThat(ClaimRetention.isUpToDate(claim, set, pod)).isTrue();
    }

    @ParameterizedTest(name = "whenScaled={0} whenDeleted={1} scaledDown={2}")
    @MethodSource("policies")
    void aClaimWithoutReferencesIsUpToDateOnlyWhenNoneAreWanted(
            String whenScaled, String whenDeleted, boolean scaledDown, List<String> owners) {
        StatefulSet set = new StatefulSetBuilder(StatefulSetHarness.web(scaledDown ? 1 : 2))
                .editSpec()
                .withNewPersistentVolumeClaimRetentionPolicy()
                .withWhenScaled(whenScaled)
                .withWhenDeleted(whenDeleted)
                .endPersistentVolumeClaimRetentionPolicy()
                .endSpec()
                .build();
        PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("data-web-1")
                .endMetadata()
                .build();

        assertThat(ClaimRetention.isUpToDate(claim, set, PodMaker.pod("web-1").build()))
                .isEqualTo(owners.isEmpty());
    }
}
