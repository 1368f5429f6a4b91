package io.skiff.controllermanager.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.testing.PodMaker;
import io.skiff.controllermanager.testing.RecordingPodControl;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrphanPodSyncTest {

    private final CacheIndexer<Pod> pods = new CacheIndexer<>();
    private final CacheIndexer<Job> jobs = new CacheIndexer<>();
    private final RecordingPodControl<Job> control = new RecordingPodControl<>();
    private final OrphanPodSync sync =
            new OrphanPodSync(new Lister<>(pods), new Lister<>(jobs), control, Duration.ofSeconds(5));

    @Test
    void removesTheFinalizerOfAPodWhoseJobIsGone() {
        pods.put(tracked(PodMaker.pod("lost").ownedBy(JobMaker.job().build()).build()));

        sync.sync("default/lost");

        assertThat(control.patched).singleElement().satisfies(patch -> {
            assertThat(patch.name()).isEqualTo("lost");
            assertThat(patch.body()).isEqualTo(JobPodManager.removeTrackingFinalizerPatch());
        });
    }

    @Test
    void removesTheFinalizerOfAPodWhoseJobFinished() {
        Job job = new JobBuilder(JobMaker.job().build())
                .withNewStatus()
                .addNewCondition()
                .withType("Complete")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build();
        jobs.put(job);
        pods.put(tracked(PodMaker.pod("done").ownedBy(job).build()));

        sync.sync("default/done");

        assertThat(control.patched).hasSize(1);
    }

    @Test
    void leavesPodsOfRunningJobsAndOfOtherKindsAlone() {
        Job job = JobMaker.job().build();
        jobs.put(job);
        pods.put(tracked(PodMaker.pod("running").ownedBy(job).build()));
        pods.put(tracked(PodMaker.pod("replica")
                .ownedBy(new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
                        .withNewMetadata()
                        .withName("web")
                        .withUid("uid-web")
                        .endMetadata()
                        .build())
                .build()));

        sync.sync("default/running");
        sync.sync("default/replica");

        assertThat(control.patched).isEmpty();
    }

    private static Pod tracked(Pod pod) {
        return new PodBuilder(pod)
                .editMetadata()
                .withFinalizers(List.of(JobPods.TRACKING_FINALIZER))
                .endMetadata()
                .build();
    }
}
