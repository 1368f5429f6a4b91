package io.skiff.controllermanager.garbagecollector;

import static io.skiff.controllermanager.garbagecollector.Fixtures.blockedBy;
import static io.skiff.controllermanager.garbagecollector.Fixtures.deleting;
import static io.skiff.controllermanager.garbagecollector.Fixtures.object;
import static io.skiff.controllermanager.garbagecollector.Fixtures.ownedBy;
import static io.skiff.controllermanager.garbagecollector.Fixtures.pod;
import static io.skiff.controllermanager.garbagecollector.Fixtures.replicaSet;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.skiff.component.controller.Result;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.model.catalog.ResourceCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GarbageCollectorTest {

    private static final ObjectSnapshot RS = replicaSet("a", "rs");
    private static final ObjectSnapshot OTHER_RS = replicaSet("a", "other");
    private static final ObjectSnapshot POD = pod("a", "p1", ownedBy(RS));
    private static final ObjectSnapshot BLOCKING_POD = pod("a", "p2", blockedBy(RS));
    private static final ObjectSnapshot TWO_OWNERS_POD = pod("a", "p3", ownedBy(RS), ownedBy(OTHER_RS));
    private static final ObjectSnapshot FOREGROUND_RS = deleting(RS, ObjectSnapshot.FOREGROUND_FINALIZER);

    /**
     * @param cache what the informers have shown (the graph is built from it)
     * @param live what the API server has now
     * @param uid the node synced by attemptToDelete
     * @param actions the writes the collector makes
     * @param queued the nodes it queues again
     */
    record Case(
            String name,
            List<ObjectSnapshot> cache,
            List<ObjectSnapshot> live,
            String uid,
            List<String> actions,
            List<String> queued) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(
                        "a pod whose only owner is gone is deleted in the background",
                        List.of(POD),
                        List.of(POD),
                        POD.identity().uid(),
                        List.of("delete Pod a/p1 Background"),
                        List.of()),
                new Case(
                        "a pod whose owner the cache still shows but the API server no longer has is deleted",
                        List.of(RS, POD),
                        List.of(POD),
                        POD.identity().uid(),
                        List.of("delete Pod a/p1 Background"),
                        List.of()),
                new Case(
                        "a pod whose owner was recreated under the same name (new uid) is deleted",
                        List.of(RS, POD),
                        List.of(POD, withUid(RS, "uid-new")),
                        POD.identity().uid(),
                        List.of("delete Pod a/p1 Background"),
                        List.of()),
                new Case(
                        "a pod with a live owner is left alone",
                        List.of(RS, POD),
                        List.of(RS, POD),
                        POD.identity().uid(),
                        List.of(),
                        List.of()),
                new Case(
                        "a pod with one gone and one live owner only lets go of the gone one",
                        List.of(RS, OTHER_RS, TWO_OWNERS_POD),
                        List.of(OTHER_RS, TWO_OWNERS_POD),
                        TWO_OWNERS_POD.identity().uid(),
                        List.of("unown Pod a/p3 " + RS.identity().uid()),
                        List.of()),
                new Case(
                        "a pod whose owners are all gone is deleted once, however many it had",
                        List.of(TWO_OWNERS_POD),
                        List.of(TWO_OWNERS_POD),
                        TWO_OWNERS_POD.identity().uid(),
                        List.of("delete Pod a/p3 Background"),
                        List.of()),
                new Case(
                        "a pod of an owner deleting its dependents in the foreground is deleted",
                        List.of(FOREGROUND_RS, BLOCKING_POD),
                        List.of(FOREGROUND_RS, BLOCKING_POD),
                        BLOCKING_POD.identity().uid(),
                        List.of("delete Pod a/p2 Background"),
                        List.of()),
                new Case(
                        "a dependent with dependents of its own, whose owner waits, is deleted in the foreground",
                        List.of(
                                deleting(object("apps/v1", "Deployment", "a", "web"), "foregroundDeletion"),
                                replicaSet("a", "web-1", blockedBy(object("apps/v1", "Deployment", "a", "web"))),
                                pod("a", "web-1-x", blockedBy(replicaSet("a", "web-1")))),
                        List.of(
                                deleting(object("apps/v1", "Deployment", "a", "web"), "foregroundDeletion"),
                                replicaSet("a", "web-1", blockedBy(object("apps/v1", "Deployment", "a", "web")))),
                        replicaSet("a", "web-1").identity().uid(),
                        List.of("delete ReplicaSet a/web-1 Foreground"),
                        List.of()),
                new Case(
                        "an owner deleting dependents queues its blocking dependents and keeps its finalizer",
                        List.of(FOREGROUND_RS, POD, BLOCKING_POD),
                        List.of(FOREGROUND_RS, POD, BLOCKING_POD),
                        RS.identity().uid(),
                        List.of(),
                        List.of(BLOCKING_POD.identity().uid())),
                new Case(
                        "an owner deleting dependents with no blocking dependent left loses its foregroundDeletion finalizer",
                        List.of(FOREGROUND_RS, POD),
                        List.of(FOREGROUND_RS, POD),
                        RS.identity().uid(),
                        List.of("unfinalize ReplicaSet a/rs foregroundDeletion"),
                        List.of()),
                new Case(
                        "an object being deleted in the background is left to the API server",
                        List.of(deleting(POD)),
                        List.of(deleting(POD)),
                        POD.identity().uid(),
                        List.of(),
                        List.of()),
                new Case(
                        "a pod whose reference names an owner that lives in another namespace is deleted",
                        List.of(withUid(replicaSet("b", "rs"), RS.identity().uid()), POD),
                        List.of(withUid(replicaSet("b", "rs"), RS.identity().uid()), POD),
                        POD.identity().uid(),
                        List.of("delete Pod a/p1 Background"),
                        List.of()),
                new Case(
                        "a cluster-scoped object referring to a namespaced owner is left alone",
                        List.of(object("v1", "PersistentVolume", "", "pv", ownedBy(RS))),
                        List.of(object("v1", "PersistentVolume", "", "pv", ownedBy(RS))),
                        Fixtures.uidOf("", "pv"),
                        List.of(),
                        List.of()),
                new Case(
                        "a node the API server no longer has leaves the graph and its dependents get a look",
                        List.of(RS, POD),
                        List.of(POD),
                        RS.identity().uid(),
                        List.of(),
                        List.of(POD.identity().uid())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void attemptToDelete(Case testCase) {
        Fixtures.RecordingWork work = new Fixtures.RecordingWork();
        OwnerGraph graph = new OwnerGraph(ResourceCatalog.builtin(), work);
        testCase.cache().forEach(graph::observe);
        work.clear();
        FakeCluster cluster = new FakeCluster().with(testCase.live().toArray(ObjectSnapshot[]::new));
        GarbageCollector collector = collector(graph, cluster, work, new RecordingEvents());

        Result result = collector.attemptToDelete(testCase.uid());

        assertThat(result).isEqualTo(Result.done());
        assertThat(cluster.actions).containsExactlyElementsOf(testCase.actions());
        assertThat(work.toDelete).containsExactlyElementsOf(testCase.queued());
    }

    @Test
    void aVirtualOwnerThatExistsIsLookedAtAgainUntilItsInformerShowsIt() {
        Fixtures.RecordingWork work = new Fixtures.RecordingWork();
        OwnerGraph graph = new OwnerGraph(ResourceCatalog.builtin(), work);
        graph.observe(POD);
        FakeCluster cluster = new FakeCluster().with(RS, POD);

        Result result = collector(graph, cluster, work, new RecordingEvents())
                .attemptToDelete(RS.identity().uid());

        assertThat(result).isEqualTo(Result.requeue());
        assertThat(cluster.actions).isEmpty();
    }

    @Test
    void anOwnerConfirmedAbsentIsReadOnceForAllItsDependents() {
        Fixtures.RecordingWork work = new Fixtures.RecordingWork();
        OwnerGraph graph = new OwnerGraph(ResourceCatalog.builtin(), work);
        ObjectSnapshot second = pod("a", "p9", ownedBy(RS));
        graph.observe(POD);
        graph.observe(second);
        FakeCluster cluster = new FakeCluster().with(POD, second);
        GarbageCollector collector = collector(graph, cluster, work, new RecordingEvents());

        collector.attemptToDelete(POD.identity().uid());
        collector.attemptToDelete(second.identity().uid());

        assertThat(cluster.reads).filteredOn("rs"::equals).hasSize(1);
        assertThat(cluster.actions).containsExactly("delete Pod a/p1 Background", "delete Pod a/p9 Background");
    }

    @Test
    void aDependentDeletingItsOwnDependentsIsUnblockedSoThatTheForegroundDeletionsCannotWaitForEachOther() {
        ObjectSnapshot deployment = deleting(object("apps/v1", "Deployment", "a", "web"), "foregroundDeletion");
        ObjectSnapshot replicaSet = replicaSet("a", "web-1", blockedBy(deployment));
        ObjectSnapshot pod = deleting(pod("a", "web-1-x", blockedBy(replicaSet)), "foregroundDeletion");
        Fixtures.RecordingWork work = new Fixtures.RecordingWork();
        OwnerGraph graph = new OwnerGraph(ResourceCatalog.builtin(), work);
        List.of(deployment, replicaSet, pod).forEach(graph::observe);
        FakeCluster cluster = new FakeCluster().with(deployment, replicaSet, pod);

        collector(graph, cluster, work, new RecordingEvents())
                .attemptToDelete(replicaSet.identity().uid());

        assertThat(cluster.actions)
                .containsExactly(
                        "unblock Pod a/web-1-x " + replicaSet.identity().uid(), "delete ReplicaSet a/web-1 Foreground");
    }

    @Test
    void orphaningRemovesEveryDependentsReferenceThenTheOrphanFinalizer() {
        Fixtures.RecordingWork work = new Fixtures.RecordingWork();
        OwnerGraph graph = new OwnerGraph(ResourceCatalog.builtin(), work);
        ObjectSnapshot orphaning = deleting(RS, ObjectSnapshot.ORPHAN_FINALIZER);
        graph.observe(orphaning);
        graph.observe(POD);
        graph.observe(BLOCKING_POD);
        FakeCluster cluster = new FakeCluster().with(orphaning, POD, BLOCKING_POD);

        Result result = collector(graph, cluster, work, new RecordingEvents())
                .attemptToOrphan(RS.identity().uid());

        assertThat(result).isEqualTo(Result.done());
        String uid = RS.identity().uid();
        assertThat(cluster.actions)
                .containsExactly("unown Pod a/p1 " + uid, "unown Pod a/p2 " + uid, "unfinalize ReplicaSet a/rs orphan");
    }

    @Test
    void aClusterScopedObjectWithANamespacedOwnerGetsAWarningEvent() {
        Fixtures.RecordingWork work = new Fixtures.RecordingWork();
        OwnerGraph graph = new OwnerGraph(ResourceCatalog.builtin(), work);
        ObjectSnapshot volume = object("v1", "PersistentVolume", "", "pv", ownedBy(RS));
        graph.observe(volume);
        RecordingEvents events = new RecordingEvents();

        collector(graph, new FakeCluster().with(volume), work, events)
                .attemptToDelete(volume.identity().uid());

        assertThat(events.reasons).containsExactly("Warning OwnerRefInvalidNamespace pv");
    }

    private static GarbageCollector collector(
            OwnerGraph graph, FakeCluster cluster, GraphWork work, RecordingEvents events) {
        return new GarbageCollector(graph, cluster, ResourceCatalog.builtin(), new AbsentOwnerCache(100), events, work);
    }

    private static ObjectSnapshot withUid(ObjectSnapshot object, String uid) {
        ObjectIdentity identity = object.identity();
        return new ObjectSnapshot(
                new ObjectIdentity(identity.apiVersion(), identity.kind(), identity.namespace(), identity.name(), uid),
                object.owners(),
                object.beingDeleted(),
                object.finalizers());
    }

    private static final class RecordingEvents implements EventRecorder {
        final List<String> reasons = new ArrayList<>();

        @Override
        public void event(HasMetadata object, EventType type, String reason, String messageFmt, Object... args) {
            reasons.add(name(type) + " " + reason + " " + object.getMetadata().getName());
        }

        @Override
        public void event(ObjectReference object, EventType type, String reason, String messageFmt, Object... args) {
            reasons.add(name(type) + " " + reason + " " + object.getName());
        }

        private static String name(EventType type) {
            return type == EventType.WARNING ? "Warning" : "Normal";
        }
    }
}
