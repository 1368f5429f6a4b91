package io.skiff.controllermanager.persistentvolume;

import static io.skiff.controllermanager.persistentvolume.BinderFixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import org.junit.jupiter.api.Test;

class BinderCacheTest {

    private final CacheIndexer<PersistentVolume> volumes = new CacheIndexer<>();
    private final BinderCache cache =
            new BinderCache(new Lister<>(volumes), new Lister<>(new CacheIndexer<PersistentVolumeClaim>()));

    private static PersistentVolume at(String resourceVersion, String phase) {
        return volume(
                "pv",
                "1Gi",
                v -> v.editMetadata()
                        .withResourceVersion(resourceVersion)
                        .endMetadata()
                        .editStatus()
                        .withPhase(phase)
                        .endStatus());
    }

    @Test
    void whatTheBinderWroteIsReadUntilTheInformerCatchesUp() {
        volumes.put(at("10", "Pending"));
        cache.written(at("12", "Bound"));

        assertThat(cache.volume("pv")).map(Volumes::phase).contains("Bound");
        assertThat(cache.volumes()).extracting(Volumes::phase).containsExactly("Bound");

        volumes.put(at("13", "Released"));
        assertThat(cache.volume("pv")).map(Volumes::phase).contains("Released");
    }

    @Test
    void anOlderWriteDoesNotReplaceANewerOne() {
        volumes.put(at("10", "Pending"));
        cache.written(at("12", "Bound"));
        cache.written(at("11", "Available"));

        assertThat(cache.volume("pv")).map(Volumes::phase).contains("Bound");
    }

    @Test
    void aVolumeTheInformerNoLongerHoldsIsGoneWhateverWasWritten() {
        cache.written(at("12", "Bound"));

        assertThat(cache.volume("pv")).isEmpty();
    }

    @Test
    void aRecreatedVolumeIsNotShadowedByWritesToItsPredecessor() {
        cache.written(at("12", "Bound"));
        volumes.put(volume(
                "pv",
                "1Gi",
                v -> v.editMetadata()
                        .withUid("uid-new")
                        .withResourceVersion("5")
                        .endMetadata()));

        assertThat(cache.volume("pv")).map(v -> v.getMetadata().getUid()).contains("uid-new");
    }
}
