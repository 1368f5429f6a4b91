package io.skiff.controllermanager.ownership;

import static io.skiff.controllermanager.testing.PodMaker.newVersion;
import static io.skiff.controllermanager.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OwnerResolverTest {

    private static final ReplicaSet WEB = replicaSet("web", Map.of("app", "web"));
    private static final ReplicaSet DB = replicaSet("db", Map.of("app", "db"));

    private final CacheIndexer<ReplicaSet> cache = new CacheIndexer<>();
    private final OwnerResolver<ReplicaSet> owners = OwnerResolver.of(
            new Lister<>(cache), "ReplicaSet", rs -> rs.getSpec().getSelector());
    private final List<String> told = new ArrayList<>();

    OwnerResolverTest() {
        cache.put(WEB);
        cache.put(DB);
    }

    @Test
    void aControllerReferenceResolvesOnlyToTheCachedOwnerOfThatKindAndUid() {
        assertThat(owners.controllerOf(pod("p").ownedBy(WEB).build())).contains(WEB);
        assertThat(owners.controllerOf(pod("p").build())).isEmpty();

        ReplicaSet replaced = new ReplicaSetBuilder(WEB)
                .editMetadata()
                .withUid("uid-old")
                .endMetadata()
                .build();
        assertThat(owners.controllerOf(pod("p").ownedBy(replaced).build()))
                .as("same name, other uid")
                .isEmpty();

        ReplicaSet otherKind =
                new ReplicaSetBuilder(WEB).withKind("StatefulSet").build();
        assertThat(owners.controllerOf(pod("p").ownedBy(otherKind).build()))
                .as("other kind")
                .isEmpty();
    }

    static Stream<Arguments> adopters() {
        return Stream.of(
                Arguments.of("owners whose selector matches", pod("p").build(), List.of("web")),
                Arguments.of("no labels, no adopter", pod("p").withoutLabels().build(), List.of()),
                Arguments.of(
                        "only owners in the orphan's namespace",
                        new PodBuilder(pod("p").build())
                                .editMetadata()
                                .withNamespace("other")
                                .endMetadata()
                                .build(),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adopters")
    void orphansAreOfferedToTheOwnersSelectingThem(String description, Pod orphan, List<String> adopters) {
        assertThat(owners.adopters(orphan))
                .extracting(rs -> rs.getMetadata().getName())
                .isEqualTo(adopters);
    }

    @Test
    void selectorsOfEverythingNothingOrInvalidAdoptNoOrphan() {
        cache.put(new ReplicaSetBuilder(replicaSet("all", Map.of()))
                .editSpec()
                .withSelector(new LabelSelectorBuilder().build())
                .endSpec()
                .build());
        cache.put(new ReplicaSetBuilder(replicaSet("none", Map.of()))
                .editSpec()
                .withSelector(null)
                .endSpec()
                .build());
        cache.put(new ReplicaSetBuilder(replicaSet("invalid", Map.of()))
                .editSpec()
                .withSelector(new LabelSelectorBuilder()
                        .addNewMatchExpression()
                        .withKey("app")
                        .withOperator("Near")
                        .endMatchExpression()
                        .build())
                .endSpec()
                .build());

        assertThat(owners.adopters(pod("p").build())).containsExactly(WEB);
    }

    static Stream<Arguments> updates() {
        Pod owned = pod("p").ownedBy(WEB).build();
        Pod orphan = pod("p").build();
        return Stream.of(
                Arguments.of("a resync tells nobody", owned, owned, List.of()),
                Arguments.of("a changed owned object tells its owner", owned, newVersion(owned), List.of("owner web")),
                Arguments.of(
                        "a new controller: the old owner and the new one",
                        owned,
                        newVersion(pod("p").ownedBy(DB).build()),
                        List.of("old web", "owner db")),
                Arguments.of(
                        "a released object: the old owner and those that may adopt it",
                        owned,
                        newVersion(orphan),
                        List.of("old web", "adopter web")),
                Arguments.of(
                        "a relabelled orphan: those that may adopt it now",
                        orphan,
                        newVersion(pod("p").withoutLabels().label("app", "db").build()),
                        List.of("adopter db")),
                Arguments.of("an orphan changed otherwise: nobody", orphan, newVersion(orphan), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void updatesTellTheOwnersConcerned(String description, Pod oldPod, Pod newPod, List<String> expected) {
        owners.updated(oldPod, newPod, rs -> told("old", rs), rs -> told("owner", rs), rs -> told("adopter", rs));

        assertThat(told).isEqualTo(expected);
    }

    @Test
    void additionsTellTheOwnerOrThoseThatMayAdopt() {
        owners.added(pod("a").ownedBy(DB).build(), rs -> told("owner", rs), rs -> told("adopter", rs));
        owners.added(pod("b").build(), rs -> told("owner", rs), rs -> told("adopter", rs));
        owners.added(pod("c").ownedBy(replicaSet("gone", Map.of())).build(), rs -> told("owner", rs), rs -> {});

        assertThat(told).containsExactly("owner db", "adopter web");
    }

    private void told(String role, ReplicaSet replicaSet) {
        told.add(role + " " + replicaSet.getMetadata().getName());
    }

    private static ReplicaSet replicaSet(String name, Map<String, String> selector) {
        return new ReplicaSetBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName(name)
                .withUid("uid-" + name)
                .endMetadata()
                .withNewSpec()
                .withSelector(
                        new LabelSelectorBuilder().withMatchLabels(selector).build())
                .endSpec()
                .build();
    }
}
