package io.skiff.controllermanager.ttlafterfinished;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class TtlAfterFinishedSyncTest {

    private static final Instant FINISHED = Instant.parse("2026-01-01T12:00:00Z");

    private final CacheIndexer<Job> jobs = new CacheIndexer<>();
    private final ManualClock clock = new ManualClock(FINISHED);
    private final List<String> deletions = new ArrayList<>();
    private Job fresh;
    private final FinishedJobDeleter deleter = new FinishedJobDeleter() {
        @Override
        public Mono<Job> freshJob(String namespace, String name) {
            return Mono.justOrEmpty(fresh);
        }

        @Override
        public Mono<Void> deleteJob(String namespace, String name, String uid) {
            deletions.add(namespace + "/" + name + " uid=" + uid);
            return Mono.empty();
        }
    };
    private final TtlAfterFinishedSync sync =
            new TtlAfterFinishedSync(new Lister<>(jobs), deleter, clock, Duration.ofSeconds(5));

    private static Job job(Integer ttl, String finishedType) {
        JobBuilder job = new JobBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("pi")
                .withUid("uid-pi")
                .endMetadata()
                .withNewSpec()
                .withTtlSecondsAfterFinished(ttl)
                .endSpec()
                .withNewStatus()
                .endStatus();
        if (finishedType != null) {
            job.editStatus()
                    .addNewCondition()
                    .withType(finishedType)
                    .withStatus("True")
                    .withLastTransitionTime(FINISHED.toString())
                    .endCondition()
                    .endStatus();
        }
        return job.build();
    }

    @Test
    void aFinishedJobIsLookedAtAgainWhenItsTtlExpires() {
        jobs.put(job(100, "Complete"));
        clock.advance(Duration.ofSeconds(40));

        assertThat(sync.sync("default/pi")).isEqualTo(Result.requeueAfter(Duration.ofSeconds(60)));
        assertThat(deletions).isEmpty();
    }

    @Test
    void anExpiredJobIsDeletedOnConditionOfItsUidAfterAFreshCheck() {
        jobs.put(job(100, "Failed"));
        fresh = job(100, "Failed");
        clock.advance(Duration.ofSeconds(100));

        sync.sync("default/pi");

        assertThat(deletions).containsExactly("default/pi uid=uid-pi");
    }

    @Test
    void aTtlChangedSinceTheCacheSawItIsHonoured() {
        jobs.put(job(100, "Complete"));
        fresh = job(600, "Complete");
        clock.advance(Duration.ofSeconds(120));

        assertThat(sync.sync("default/pi")).isEqualTo(Result.requeueAfter(Duration.ofSeconds(480)));
        assertThat(deletions).isEmpty();
    }

    @Test
    void runningJobsAndJobsWithoutTtlAreLeftAlone() {
        jobs.put(job(0, null));
        assertThat(sync.sync("default/pi")).isEqualTo(Result.done());
        jobs.put(job(null, "Complete"));
        clock.advance(Duration.ofDays(1));
        assertThat(sync.sync("default/pi")).isEqualTo(Result.done());
        assertThat(deletions).isEmpty();
    }
}
