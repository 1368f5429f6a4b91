package io.skiff.controllermanager.job;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.controllermanager.testing.ManualClock;
import io.skiff.controllermanager.testing.PodMaker;
import io.skiff.controllermanager.testing.RecordingEvents;
import io.skiff.controllermanager.testing.RecordingPodControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link JobSync} on directly loaded caches with a manual clock. After each sync the harness
 * plays API server and informer: it applies the recorded writes to the caches, in order, through
 * the controller's own event handlers, so expectations are observed as in a running controller.
 */
final class JobHarness {

    static final String KEY = "default/" + JobMaker.NAME;

    final CacheIndexer<Job> jobs = new CacheIndexer<>();
    final CacheIndexer<Pod> pods = new CacheIndexer<>();
    final RecordingPodControl<Job> control = new RecordingPodControl<>();
    final RecordingEvents events = new RecordingEvents();
    final ManualClock clock = new ManualClock(PodMaker.NOW);
    final Expectations expectations = new Expectations(() -> clock.millis() * 1_000_000L);
    final FinalizerRemovals finalizerRemovals = new FinalizerRemovals();
    final List<String> queued = new ArrayList<>();
    final List<String> orphansQueued = new ArrayList<>();
    final JobEventHandlers handlers;
    final JobSync sync;
    private int appliedCalls;
    private int appliedPatches;
    private int appliedStatus;
    private long resourceVersion = 1000;

    JobHarness(Job job, Pod... cached) {
        jobs.put(job);
        control.fresh = job;
        for (Pod pod : cached) {
            pods.put(pod);
        }
        handlers = new JobEventHandlers(
                new Lister<>(jobs),
                new Lister<>(pods),
                expectations,
                finalizerRemovals,
                clock,
                queued::add,
                (key, delay) -> queued.add(key + " after " + delay),
                orphansQueued::add);
        sync = new JobSync(
                new Lister<>(jobs),
                new Lister<>(pods),
                control,
                expectations,
                finalizerRemovals,
                new BackoffRecords(),
                events,
                clock,
                Duration.ofSeconds(5));
    }

    /** One sync, then its writes applied to the caches. */
    Result sync() {
        Result result = sync.sync(KEY);
        apply();
        return result;
    }

    Job job() {
        return jobs.getByKey(KEY).orElseThrow();
    }

    Pod pod(String name) {
        return pods.getByKey("default/" + name).orElseThrow();
    }

    List<String> podNames() {
        return pods.list().stream().map(p -> p.getMetadata().getName()).sorted().toList();
    }

    /** The kubelet reports the pod finished: phase, and its container terminated with {@code exitCode}. */
    void finish(String podName, String phase, int exitCode) {
        Pod old = pod(podName);
        Pod updated = new PodBuilder(old)
                .editMetadata()
                .withResourceVersion(Long.toString(++resourceVersion))
                .endMetadata()
                .editOrNewStatus()
                .withPhase(phase)
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("main")
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(exitCode)
                        .withFinishedAt(clock.instant().toString())
                        .endTerminated()
                        .endState()
                        .build())
                .endStatus()
                .build();
        pods.put(updated);
        handlers.podUpdated(old, updated);
    }

    /** The kubelet reports the pod running and ready. */
    void ready(String podName) {
        Pod old = pod(podName);
        Pod updated = new PodBuilder(old)
                .editMetadata()
                .withResourceVersion(Long.toString(++resourceVersion))
                .endMetadata()
                .editOrNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .withLastTransitionTime(clock.instant().toString())
                .endCondition()
                .endStatus()
                .build();
        pods.put(updated);
        handlers.podUpdated(old, updated);
    }

    @SuppressWarnings("unchecked")
    private void apply() {
        List<String> calls = control.calls;
        for (; appliedCalls < calls.size(); appliedCalls++) {
            String call = calls.get(appliedCalls);
            if (call.startsWith("create ")) {
                String name = call.substring("create ".length());
                Pod created = control.created.stream()
                        .filter(p -> p.getMetadata().getName().equals(name))
                        .findFirst()
                        .orElseThrow();
                Pod pending = new PodBuilder(created)
                        .editMetadata()
                        .withCreationTimestamp(clock.instant().toString())
                        .endMetadata()
                        .withNewStatus()
                        .withPhase("Pending")
                        .endStatus()
                        .build();
                pods.put(pending);
                handlers.podAdded(pending);
            } else if (call.startsWith("delete ")) {
                Pod old = pod(call.substring("delete ".length()));
                if (old.getMetadata().getFinalizers() == null
                        || old.getMetadata().getFinalizers().isEmpty()) {
                    pods.remove(old);
                    handlers.podDeleted(old, true);
                } else {
                    Pod deleting = new PodBuilder(old)
                            .editMetadata()
                            .withDeletionTimestamp(clock.instant().toString())
                            .withResourceVersion(Long.toString(++resourceVersion))
                            .endMetadata()
                            .build();
                    pods.put(deleting);
                    handlers.podUpdated(old, deleting);
                }
            } else if (call.startsWith("patch ")) {
                RecordingPodControl.PatchCall patch = control.patched.get(appliedPatches++);
                Map<String, Object> metadata =
                        (Map<String, Object>) patch.body().get("metadata");
                Pod old = pod(patch.name());
                PodBuilder builder = new PodBuilder(old);
                List<String> finalizers = old.getMetadata().getFinalizers() == null
                        ? new ArrayList<>()
                        : new ArrayList<>(old.getMetadata().getFinalizers());
                if (metadata.containsKey("$deleteFromPrimitiveList/finalizers")) {
                    finalizers.removeAll((List<String>) metadata.get("$deleteFromPrimitiveList/finalizers"));
                }
                if (metadata.containsKey("finalizers")) {
                    finalizers.addAll((List<String>) metadata.get("finalizers"));
                }
                if (metadata.containsKey("ownerReferences")) {
                    List<OwnerReference> refs = (List<OwnerReference>) metadata.get("ownerReferences");
                    builder.editMetadata().withOwnerReferences(refs).endMetadata();
                }
                Pod updated = builder.editMetadata()
                        .withFinalizers(finalizers)
                        .withResourceVersion(Long.toString(++resourceVersion))
                        .endMetadata()
                        .build();
                if (updated.getMetadata().getDeletionTimestamp() != null && finalizers.isEmpty()) {
                    pods.remove(updated);
                    handlers.podDeleted(updated, true);
                } else {
                    pods.put(updated);
                    handlers.podUpdated(old, updated);
                }
            } else if (call.equals("status")) {
                Job old = job();
                Job stored = control.statusUpdates.get(appliedStatus++);
                jobs.put(stored);
                control.fresh = stored;
                handlers.jobUpdated(old, stored);
            }
        }
    }
}
