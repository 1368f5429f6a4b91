package io.skiff.controllermanager.garbagecollector;

import static io.skiff.controllermanager.garbagecollector.Fixtures.blockedBy;
import static io.skiff.controllermanager.garbagecollector.Fixtures.deleting;
import static io.skiff.controllermanager.garbagecollector.Fixtures.ownedBy;
import static io.skiff.controllermanager.garbagecollector.Fixtures.pod;
import static io.skiff.controllermanager.garbagecollector.Fixtures.replicaSet;
import static io.skiff.controllermanager.garbagecollector.Fixtures.uidOf;
import static io.skiff.controllermanager.garbagecollector.Fixtures.withOwners;
import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.model.catalog.ResourceCatalog;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OwnerGraphTest {

    private static final ObjectSnapshot RS = replicaSet("a", "rs");
    private static final ObjectSnapshot POD = pod("a", "p1", ownedBy(RS));
    private static final ObjectSnapshot BLOCKING_POD = pod("a", "p2", blockedBy(RS));
    private static final ObjectSnapshot RS_ELSEWHERE = replicaSet("b", "rs");

    /**
     * @param setup changes applied before the queues are cleared
     * @param change the change under test
     */
    record Case(
            String name,
            Consumer<OwnerGraph> setup,
            Consumer<OwnerGraph> change,
            List<String> queuedToDelete,
            List<String> queuedToOrphan) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(
                        "a dependent of an owner never seen creates a virtual owner, which is checked",
                        graph -> {},
                        graph -> graph.observe(POD),
                        List.of(RS.identity().uid()),
                        List.of()),
                new Case(
                        "a dependent of a known owner queues nothing",
                        graph -> graph.observe(RS),
                        graph -> graph.observe(POD),
                        List.of(),
                        List.of()),
                new Case(
                        "an owner's deletion queues its dependents",
                        graph -> {
                            graph.observe(RS);
                            graph.observe(POD);
                            graph.observe(BLOCKING_POD);
                        },
                        graph -> graph.observeDeletion(RS),
                        List.of(POD.identity().uid(), BLOCKING_POD.identity().uid()),
                        List.of()),
                new Case(
                        "an owner starting a foreground deletion queues its dependents, then itself",
                        graph -> {
                            graph.observe(RS);
                            graph.observe(POD);
                        },
                        graph -> graph.observe(deleting(RS, ObjectSnapshot.FOREGROUND_FINALIZER)),
                        List.of(POD.identity().uid(), RS.identity().uid()),
                        List.of()),
                new Case(
                        "a foreground deletion already under way is not started again by an update",
                        graph -> {
                            graph.observe(RS);
                            graph.observe(deleting(RS, ObjectSnapshot.FOREGROUND_FINALIZER));
                        },
                        graph -> graph.observe(deleting(RS, ObjectSnapshot.FOREGROUND_FINALIZER)),
                        List.of(),
                        List.of()),
                new Case(
                        "an owner deleted with the orphan finalizer is queued for orphaning once",
                        graph -> graph.observe(RS),
                        graph -> {
                            graph.observe(deleting(RS, ObjectSnapshot.ORPHAN_FINALIZER));
                            graph.observe(deleting(RS, ObjectSnapshot.ORPHAN_FINALIZER));
                        },
                        List.of(),
                        List.of(RS.identity().uid())),
                new Case(
                        "a dependent that drops its reference wakes the owner deleting its dependents",
                        graph -> {
                            graph.observe(RS);
                            graph.observe(BLOCKING_POD);
                            graph.observe(deleting(RS, ObjectSnapshot.FOREGROUND_FINALIZER));
                        },
                        graph -> graph.observe(withOwners(BLOCKING_POD)),
                        List.of(RS.identity().uid()),
                        List.of()),
                new Case(
                        "a blocking dependent that is deleted wakes the owner deleting its dependents",
                        graph -> {
                            graph.observe(RS);
                            graph.observe(BLOCKING_POD);
                            graph.observe(deleting(RS, ObjectSnapshot.FOREGROUND_FINALIZER));
                        },
                        graph -> graph.observeDeletion(BLOCKING_POD),
                        List.of(RS.identity().uid()),
                        List.of()),
                new Case(
                        "a reference whose uid is an object in another namespace queues the dependent",
                        graph -> graph.observe(
                                withUid(RS_ELSEWHERE, RS.identity().uid())),
                        graph -> graph.observe(POD),
                        List.of(POD.identity().uid()),
                        List.of()),
                new Case(
                        "a virtual owner seen in another namespace than its dependent's queues the dependent",
                        graph -> graph.observe(POD),
                        graph -> graph.observe(
                                withUid(RS_ELSEWHERE, RS.identity().uid())),
                        List.of(POD.identity().uid()),
                        List.of()),
                new Case(
                        "a virtual owner seen where its dependent's reference said queues nothing",
                        graph -> graph.observe(POD),
                        graph -> graph.observe(RS),
                        List.of(),
                        List.of()),
                new Case(
                        "an owner confirmed absent leaves the graph and queues its dependents",
                        graph -> graph.observe(POD),
                        graph -> graph.confirmAbsent(RS.identity()),
                        List.of(POD.identity().uid()),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void queuesTheNodesThatNeedALook(Case testCase) {
        Fixtures.RecordingWork work = new Fixtures.RecordingWork();
        OwnerGraph graph = new OwnerGraph(ResourceCatalog.builtin(), work);
        testCase.setup().accept(graph);
        work.clear();

        testCase.change().accept(graph);

        assertThat(work.toDelete).as("attemptToDelete").containsExactlyElementsOf(testCase.queuedToDelete());
        assertThat(work.toOrphan).as("attemptToOrphan").containsExactlyElementsOf(testCase.queuedToOrphan());
    }

    @Test
    void aVirtualOwnerBecomesObservedWhenItsInformerShowsItAndKeepsItsDependents() {
        OwnerGraph graph = new OwnerGraph(ResourceCatalog.builtin(), new Fixtures.RecordingWork());
        graph.observe(POD);
        assertThat(graph.node(RS.identity().uid()))
                .hasValueSatisfying(node -> assertThat(node.observed()).isFalse());

        graph.observe(RS);

        NodeView owner = graph.node(RS.identity().uid()).orElseThrow();
        assertThat(owner.observed()).isTrue();
        assertThat(owner.dependents()).extracting(d -> d.identity().name()).containsExactly("p1");
    }

    @Test
    void blockingDependentsAreThoseWhoseReferenceBlocksOwnerDeletion() {
        OwnerGraph graph = new OwnerGraph(ResourceCatalog.builtin(), new Fixtures.RecordingWork());
        graph.observe(RS);
        graph.observe(POD);
        graph.observe(BLOCKING_POD);

        assertThat(graph.node(uidOf("a", "rs")).orElseThrow().blockingDependents())
                .extracting(d -> d.identity().name())
                .containsExactly("p2");
    }

    @Test
    void aDeletedDependentLeavesItsOwnersDependents() {
        OwnerGraph graph = new OwnerGraph(ResourceCatalog.builtin(), new Fixtures.RecordingWork());
        graph.observe(RS);
        graph.observe(POD);

        graph.observeDeletion(POD);

        assertThat(graph.node(uidOf("a", "rs")).orElseThrow().dependents()).isEmpty();
        assertThat(graph.node(uidOf("a", "p1"))).isEmpty();
    }

    private static ObjectSnapshot withUid(ObjectSnapshot object, String uid) {
        ObjectIdentity identity = object.identity();
        return new ObjectSnapshot(
                new ObjectIdentity(identity.apiVersion(), identity.kind(), identity.namespace(), identity.name(), uid),
                object.owners(),
                object.beingDeleted(),
                object.finalizers());
    }
}
