package io.skiff.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import io.skiff.model.selector.LabelSelector;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The PersistentVolume binder (kube-controller-manager's "persistentvolume-binder"), run only while
 * this controller manager leads: binds claims to volumes, tracks both objects' phases and runs the
 * reclaim policy of released volumes.
 *
 * <p>As in Kubernetes there are two queues, claims and volumes, with one worker each: two claim
 * syncs at once could bind two claims to one volume. Every object is also synced again every 15
 * seconds, which is how a Pending claim finds a volume created later, or a class created later.
 * A deleted claim queues its volume (to be released); a deleted volume queues its claim (to be
 * Lost).
 */
public final class PersistentVolumeBinderController implements LeaderWork {

    /** The name kube-controller-manager gives this controller (--controllers). */
    public static final String NAME = "persistentvolume-binder";

    /** The event source Kubernetes' binder reports as. */
    static final String EVENT_COMPONENT = "persistentvolume-controller";

    /** kube-controller-manager's --pvclaimbinder-sync-period default. */
    static final Duration SYNC_PERIOD = Duration.ofSeconds(15);

    private final LeaderControllerLoop claimLoop;
    private final LeaderControllerLoop volumeLoop;

    PersistentVolumeBinderController(
            SharedIndexInformer<PersistentVolume> volumes,
            SharedIndexInformer<PersistentVolumeClaim> claims,
            SharedIndexInformer<StorageClass> classes,
            SharedIndexInformer<Node> nodes,
            SharedIndexInformer<Pod> pods,
            BinderApi api,
            EventRecorder events,
            Clock clock,
            Duration timeout,
            MeterRegistry registry) {
        BinderCache cache = new BinderCache(volumes.lister(), claims.lister());
        Binder binder = new Binder(cache, api, events, clock, timeout);
        ClaimSync claimSync = new ClaimSync(
                cache,
                classes.lister(),
                nodes.lister(),
                pods.lister(),
                binder,
                new ClaimProvisioning(classes.lister(), binder, events),
                events);
        List<SharedIndexInformer<?>> informers = List.of(volumes, claims, classes, nodes, pods);
        this.claimLoop = new LeaderControllerLoop(
                "claims",
                claimSync,
                informers,
                () -> cache.claims().stream().map(ObjectKeys::keyOf).toList(),
                registry,
                1);
        VolumeSync volumeSync = new VolumeSync(
                cache,
                api,
                binder,
                new Reclaimer(cache, api, binder, events, timeout),
                events,
                claimLoop::enqueue,
                timeout);
        this.volumeLoop = new LeaderControllerLoop(
                "volumes",
                volumeSync,
                informers,
                () -> volumes.lister().list(LabelSelector.everything()).stream()
                        .map(volume -> volume.getMetadata().getName())
                        .toList(),
                registry,
                1);
        volumes.addEventHandlerWithResyncPeriod(
                new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(PersistentVolume volume) {
                        volumeLoop.enqueue(volume.getMetadata().getName());
                    }

                    @Override
                    public void onUpdate(PersistentVolume oldVolume, PersistentVolume newVolume) {
                        volumeLoop.enqueue(newVolume.getMetadata().getName());
                    }

                    @Override
                    public void onDelete(PersistentVolume volume, boolean finalStateUnknown) {
                        cache.volumeDeleted(volume.getMetadata().getName());
                        if (volume.getSpec().getClaimRef() != null) {
                            claimLoop.enqueue(Volumes.claimKey(volume.getSpec().getClaimRef()));
                        }
                    }
                },
                SYNC_PERIOD);
        claims.addEventHandlerWithResyncPeriod(
                new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(PersistentVolumeClaim claim) {
                        claimLoop.enqueue(ObjectKeys.keyOf(claim));
                    }

                    @Override
                    public void onUpdate(PersistentVolumeClaim oldClaim, PersistentVolumeClaim newClaim) {
                        claimLoop.enqueue(ObjectKeys.keyOf(newClaim));
                    }

                    @Override
                    public void onDelete(PersistentVolumeClaim claim, boolean finalStateUnknown) {
                        cache.claimDeleted(ObjectKeys.keyOf(claim));
                        String volumeName = Volumes.volumeName(claim);
                        if (!volumeName.isEmpty()) {
                            volumeLoop.enqueue(volumeName);
                        }
                    }
                },
                SYNC_PERIOD);
    }

    @Override
    public void start() {
        volumeLoop.start();
        claimLoop.start();
    }

    @Override
    public void stop() {
        claimLoop.stop();
        volumeLoop.stop();
    }
}
