package io.skiff.kubelet.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.kubelet.staticpods.MirrorPodApi;
import io.skiff.kubelet.staticpods.MirrorPods;
import io.skiff.kubelet.staticpods.StaticPods;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One mirror pod per static pod, whatever happens to either. */
class MirrorPodSyncTest {

    private static final String KEY = "kube-system/etcd-node-1";

    private final DesiredPods desired = new DesiredPods();
    private final CacheIndexer<Pod> apiPods = new CacheIndexer<>();
    private final RecordingApi api = new RecordingApi();
    private Optional<Node> node = Optional.of(new NodeBuilder()
            .withNewMetadata()
            .withName("node-1")
            .withUid("node-uid")
            .endMetadata()
            .build());
    private final MirrorPodSync sync = new MirrorPodSync(desired, new Lister<>(apiPods), () -> node, api);

    @Test
    void aStaticPodWithoutMirrorGetsOneOwnedByTheNode() {
        desired.update(staticPod("hash-1"));

        assertThat(sync.sync(KEY)).isEqualTo(Result.done());

        assertThat(api.calls).containsExactly("create kube-system/etcd-node-1");
        Pod mirror = api.created.get(0);
        assertThat(mirror.getMetadata().getAnnotations())
                .containsEntry(StaticPods.CONFIG_MIRROR_ANNOTATION, "hash-1")
                .containsEntry(StaticPods.CONFIG_HASH_ANNOTATION, "hash-1");
        assertThat(mirror.getMetadata().getUid()).isNull();
        assertThat(mirror.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Node");
            assertThat(owner.getName()).isEqualTo("node-1");
            assertThat(owner.getUid()).isEqualTo("node-uid");
            assertThat(owner.getController()).isTrue();
        });
    }

    @Test
    void aMatchingMirrorIsLeftAlone() {
        desired.update(staticPod("hash-1"));
        apiPods.put(mirror("hash-1", false));

        sync.sync(KEY);

        assertThat(api.calls).isEmpty();
    }

    @Test
    void aMirrorBeingDeletedIsDeletedAtOnceAndMadeAgain() {
        desired.update(staticPod("hash-1"));
        apiPods.put(mirror("hash-1", true));

        sync.sync(KEY);

        assertThat(api.calls)
                .containsExactly("delete kube-system/etcd-node-1 mirror-uid", "create kube-system/etcd-node-1");
    }

    @Test
    void aMirrorOfAnOlderManifestIsReplaced() {
        desired.update(staticPod("hash-2"));
        apiPods.put(mirror("hash-1", false));

        sync.sync(KEY);

        assertThat(api.calls)
                .containsExactly("delete kube-system/etcd-node-1 mirror-uid", "create kube-system/etcd-node-1");
        assertThat(api.created.get(0).getMetadata().getAnnotations())
                .containsEntry(StaticPods.CONFIG_MIRROR_ANNOTATION, "hash-2");
    }

    @Test
    void aMirrorAlreadyGoneIsNotMadeAgainUntilTheInformerSaysSo() {
        desired.update(staticPod("hash-2"));
        apiPods.put(mirror("hash-1", false));
        api.deleteFinds = false;

        sync.sync(KEY);

        assertThat(api.calls).containsExactly("delete kube-system/etcd-node-1 mirror-uid");
    }

    @Test
    void whileTheOldStaticPodStopsItsMirrorStays() {
        Pod old = staticPod("hash-1");
        desired.update(old);
        desired.remove(old);
        desired.update(staticPod("hash-2"));
        apiPods.put(mirror("hash-1", false));

        sync.sync(KEY);

        assertThat(api.calls).isEmpty();
    }

    @Test
    void withoutItsNodeNoMirrorIsMadeYet() {
        desired.update(staticPod("hash-1"));
        node = Optional.empty();

        assertThat(sync.sync(KEY)).isEqualTo(Result.requeueAfter(MirrorPodSync.NOT_READY_RETRY));
        assertThat(api.calls).isEmpty();
    }

    @Test
    void anOrphanedMirrorGoesOnceEverySourceWasRead() {
        apiPods.put(mirror("hash-1", false));

        assertThat(sync.sync(KEY)).isEqualTo(Result.requeueAfter(MirrorPodSync.NOT_READY_RETRY));
        assertThat(api.calls).isEmpty();

        desired.markSynced();
        assertThat(sync.sync(KEY)).isEqualTo(Result.done());
        assertThat(api.calls).containsExactly("delete kube-system/etcd-node-1 mirror-uid");
    }

    @Test
    void aPodOfThatNameThatIsNoMirrorIsNeverDeleted() {
        desired.markSynced();
        apiPods.put(new PodBuilder(mirror("hash-1", false))
                .editMetadata()
                .withAnnotations(Map.of())
                .endMetadata()
                .build());

        sync.sync(KEY);

        assertThat(api.calls).isEmpty();
    }

    private static Pod staticPod(String hash) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace("kube-system")
                .withName("etcd-node-1")
                .withUid(hash)
                .withAnnotations(
                        Map.of(StaticPods.CONFIG_HASH_ANNOTATION, hash, StaticPods.CONFIG_SOURCE_ANNOTATION, "file"))
                .endMetadata()
                .withNewSpec()
                .withNodeName("node-1")
                .addNewContainer()
                .withName("etcd")
                .withImage("etcd:3.5")
                .endContainer()
                .endSpec()
                .build();
    }

    private Pod mirror(String hash, boolean deleting) {
        Pod mirror = MirrorPods.mirrorOf(staticPod(hash), node.orElseThrow());
        mirror.getMetadata().setUid("mirror-uid");
        if (deleting) {
            mirror.getMetadata().setDeletionTimestamp("2026-01-02T03:04:05Z");
        }
        return mirror;
    }

    /** Records the calls; answers as the API server would for a pod that exists. */
    private static final class RecordingApi implements MirrorPodApi {

        final List<String> calls = new ArrayList<>();
        final List<Pod> created = new ArrayList<>();
        boolean deleteFinds = true;

        @Override
        public boolean create(Pod mirror) {
            calls.add("create " + mirror.getMetadata().getNamespace() + "/"
                    + mirror.getMetadata().getName());
            created.add(mirror);
            return true;
        }

        @Override
        public boolean delete(String namespace, String name, String uid) {
            calls.add("delete " + namespace + "/" + name + " " + uid);
            return deleteFinds;
        }
    }
}
