package io.skiff.scheduler.app;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ListOptions;
import io.skiff.component.events.EventBroadcaster;
import io.skiff.component.events.EventOrigin;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.component.leaderelection.LeaderElectionProperties;
import io.skiff.component.runtime.ComponentRuntimeConfiguration;
import io.skiff.scheduler.cache.SchedulerCache;
import io.skiff.scheduler.core.PodScheduler;
import io.skiff.scheduler.core.SchedulingLoop;
import io.skiff.scheduler.framework.EventResource;
import io.skiff.scheduler.framework.Parallelizer;
import io.skiff.scheduler.framework.Ports;
import io.skiff.scheduler.framework.ProfileConfig;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.framework.runtime.FrameworkRunner;
import io.skiff.scheduler.framework.runtime.PodNominations;
import io.skiff.scheduler.framework.runtime.Profiles;
import io.skiff.scheduler.plugins.DefaultProfile;
import io.skiff.scheduler.plugins.InTreeRegistry;
import io.skiff.scheduler.plugins.defaultbinder.PodBinder;
import io.skiff.scheduler.plugins.defaultpreemption.PodDisruptionBudgetLister;
import io.skiff.scheduler.plugins.defaultpreemption.Preemptor;
import io.skiff.scheduler.plugins.interpodaffinity.NamespaceLister;
import io.skiff.scheduler.plugins.podtopologyspread.WorkloadLister;
import io.skiff.scheduler.plugins.volumebinding.VolumeLister;
import io.skiff.scheduler.queue.SchedulingQueue;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The scheduler assembled: informers on pods (not finished) and nodes feed the cache and queue;
 * one framework per profile; the scheduling loop binds through the API server and reports through
 * Events and pod status; the loop runs only while this instance holds the kube-scheduler Lease.
 */
@Configuration(proxyBeanMethods = false)
@Import(ComponentRuntimeConfiguration.class)
@EnableConfigurationProperties(SchedulerProperties.class)
class SchedulerConfiguration {

    /** kube-scheduler's pod informer skips finished pods, which hold no resources. */
    static final String UNFINISHED_PODS = "status.phase!=Succeeded,status.phase!=Failed";

    @Bean
    SchedulerCache schedulerCache() {
        return new SchedulerCache();
    }

    @Bean
    Snapshot schedulerSnapshot() {
        return new Snapshot();
    }

    @Bean
    PodNominations podNominations() {
        return new PodNominations();
    }

    @Bean(destroyMethod = "close")
    Parallelizer parallelizer(SchedulerProperties properties) {
        return new Parallelizer(properties.parallelism());
    }

    @Bean
    SchedulerMetrics schedulerMetrics(ObjectProvider<MeterRegistry> registry) {
        return new SchedulerMetrics(registry.getIfAvailable(CompositeMeterRegistry::new));
    }

    @Bean
    ProfileRecorders profileRecorders(
            SchedulerProperties properties, EventBroadcaster events, LeaderElectionProperties leaderElection) {
        Map<String, EventRecorder> recorders = new LinkedHashMap<>();
        for (SchedulerProperties.Profile profile : properties.profiles()) {
            String name = profile.schedulerName();
            recorders.put(name, events.newRecorder(new EventOrigin(name, "", name, leaderElection.identity())));
        }
        return new ProfileRecorders(recorders);
    }

    @Bean
    InformerListers informerListers(SharedInformerFactory informers) {
        return new InformerListers(informers);
    }

    @Bean
    SchedulerProfiles schedulerProfiles(
            SchedulerProperties properties,
            KubeClient client,
            Snapshot snapshot,
            Parallelizer parallelizer,
            PodNominations nominations,
            InformerListers listers,
            ProfileRecorders recorders,
            SchedulerMetrics metrics) {
        List<ProfileConfig> configs = properties.profiles().stream()
                .map(profile -> profile.toConfig(properties.percentageOfNodesToScore()))
                .toList();
        Ports ports = Ports.builder()
                .with(PodBinder.class, new ApiPodBinder(client, properties.bindTimeout()))
                .with(NamespaceLister.class, listers)
                .with(VolumeLister.class, listers)
                .with(WorkloadLister.class, listers)
                .with(PodDisruptionBudgetLister.class, listers.budgets())
                .with(
                        Preemptor.class,
                        new ApiPreemptor(client, recorders, metrics, Clock.systemUTC(), properties.bindTimeout()))
                .build();
        Map<String, FrameworkRunner> frameworks = Profiles.build(
                configs,
                DefaultProfile.multiPoint(),
                InTreeRegistry.create(),
                snapshot,
                parallelizer,
                nominations,
                ports);
        return new SchedulerProfiles(frameworks);
    }

    @Bean(destroyMethod = "close")
    SchedulingQueue schedulingQueue(
            SchedulerProfiles profiles,
            PodNominations nominations,
            SchedulerProperties properties,
            SchedulerMetrics metrics) {
        SchedulingQueue queue = SchedulingQueue.builder(profiles.frameworks(), nominations)
                .initialBackoff(properties.podInitialBackoff())
                .maxBackoff(properties.podMaxBackoff())
                .metrics(metrics)
                .build();
        metrics.watchQueue(queue);
        queue.start();
        return queue;
    }

    @Bean
    SharedIndexInformer<Pod> podInformer(SharedInformerFactory informers) {
        return informers.informerFor(Pod.class, "", ListOptions.all().withFieldSelector(UNFINISHED_PODS));
    }

    @Bean
    SharedIndexInformer<Node> nodeInformer(SharedInformerFactory informers) {
        return informers.informerFor(Node.class);
    }

    @Bean
    SchedulerEventHandlers schedulerEventHandlers(
            SchedulerCache cache,
            SchedulingQueue queue,
            SchedulerProfiles profiles,
            SharedIndexInformer<Pod> podInformer,
            SharedIndexInformer<Node> nodeInformer) {
        SchedulerEventHandlers handlers =
                new SchedulerEventHandlers(cache, queue, profiles.frameworks().keySet());
        podInformer.addEventHandler(handlers.pods());
        nodeInformer.addEventHandler(handlers.nodes());
        return handlers;
    }

    /** Volumes appearing, binding or changing class can make waiting pods schedulable. */
    @Bean
    VolumeEventHandlers volumeEventHandlers(SchedulingQueue queue, SharedInformerFactory informers) {
        VolumeEventHandlers handlers = new VolumeEventHandlers(queue);
        informers.informerFor(PersistentVolume.class).addEventHandler(handlers.on(EventResource.PERSISTENT_VOLUME));
        informers
                .informerFor(PersistentVolumeClaim.class)
                .addEventHandler(handlers.on(EventResource.PERSISTENT_VOLUME_CLAIM));
        informers.informerFor(StorageClass.class).addEventHandler(handlers.on(EventResource.STORAGE_CLASS));
        return handlers;
    }

    @Bean(destroyMethod = "shutdown")
    ExecutorService bindingExecutor(SchedulerProperties properties) {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newFixedThreadPool(properties.bindingWorkers(), task -> {
            Thread thread = new Thread(task, "scheduler-binding-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    SchedulingLoop schedulingLoop(
            SchedulingQueue queue,
            SchedulerCache cache,
            Snapshot snapshot,
            SchedulerProfiles profiles,
            SharedIndexInformer<Pod> podInformer,
            SchedulerProperties properties,
            SchedulerMetrics metrics,
            ExecutorService bindingExecutor,
            ProfileRecorders recorders,
            KubeClient client) {
        PodScheduler podScheduler =
                new PodScheduler(cache, snapshot, properties.percentageOfNodesToScore(), new Random());
        return SchedulingLoop.builder(
                        queue, cache, podScheduler, profiles.frameworks(), new InformerPodLister(podInformer.lister()))
                .reporter(new ApiSchedulingReporter(recorders, new PodConditionUpdater(client, Clock.systemUTC())))
                .metrics(metrics)
                .bindingExecutor(bindingExecutor)
                .build();
    }

    @Bean
    SchedulingLeaderWork schedulingLeaderWork(
            SchedulingLoop loop, SchedulerCache cache, SharedInformerFactory informers) {
        return new SchedulingLeaderWork(loop, cache, informers);
    }
}
