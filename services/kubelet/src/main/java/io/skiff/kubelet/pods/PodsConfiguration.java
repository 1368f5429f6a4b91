package io.skiff.kubelet.pods;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ListOptions;
import io.skiff.component.controller.ControllerRunner;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.component.workqueue.RateLimiters;
import io.skiff.component.workqueue.WorkQueue;
import io.skiff.kubelet.config.ConditionalOnContainerRuntime;
import io.skiff.kubelet.config.KubeletProperties;
import io.skiff.kubelet.container.ContainerEnvironment;
import io.skiff.kubelet.container.PlainContainerEnvironment;
import io.skiff.kubelet.cri.ImageService;
import io.skiff.kubelet.cri.RuntimeService;
import io.skiff.kubelet.metrics.KubeletMetrics;
import io.skiff.kubelet.node.MachineInfo;
import io.skiff.kubelet.node.NodeAgent;
import io.skiff.kubelet.podobjects.PodObjects;
import io.skiff.kubelet.podobjects.PodRegistrations;
import io.skiff.kubelet.prober.ProbeManager;
import io.skiff.kubelet.prober.ProbeNetwork;
import io.skiff.kubelet.prober.RecorderProbeEvents;
import io.skiff.kubelet.staticpods.ClientMirrorPodApi;
import io.skiff.kubelet.staticpods.ManifestDirectory;
import io.skiff.kubelet.staticpods.ManifestReader;
import io.skiff.kubelet.staticpods.StaticPodProperties;
import io.skiff.kubelet.staticpods.StaticPodSource;
import io.skiff.kubelet.status.ClientPodStatusApi;
import io.skiff.kubelet.status.PodStatusGenerator;
import io.skiff.kubelet.status.PodStatusManager;
import io.skiff.kubelet.status.WaitingReasons;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The kubelet's pods: an informer on the pods bound to this node ({@code spec.nodeName=<node>}) and
 * the static pods of {@code skiff.kubelet.static-pod-path} with their mirror pods, their workers, the
 * PLEG, the status manager and the prober. A {@link ContainerEnvironment} bean, when one is defined,
 * replaces the plain environment.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnContainerRuntime
@EnableConfigurationProperties(StaticPodProperties.class)
class PodsConfiguration {

    /** client-go's container and image back-off: 10 s doubling to 5 min. */
    static final Duration BACK_OFF = Duration.ofSeconds(10);

    static final Duration MAX_BACK_OFF = Duration.ofMinutes(5);

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    WaitingReasons waitingReasons() {
        return new WaitingReasons();
    }

    @Bean
    PodStatusWriter podStatusWriter(KubeClient client, ObjectProvider<MeterRegistry> registry) {
        WorkQueue<String> queue = WorkQueue.<String>builder("kubelet-pod-status")
                .rateLimiter(RateLimiters.defaultControllerRateLimiter())
                .meterRegistry(registry.getIfAvailable(CompositeMeterRegistry::new))
                .build();
        PodStatusManager manager =
                new PodStatusManager(new ClientPodStatusApi(client, CALL_TIMEOUT), Clock.systemUTC(), queue::add);
        return new PodStatusWriter(manager, new ControllerRunner<>("kubelet-pod-status", queue, manager, 1));
    }

    @Bean
    PodStatusManager podStatusManager(PodStatusWriter writer) {
        return writer.manager();
    }

    @Bean
    PodLifecycle podLifecycle(
            KubeletProperties properties,
            StaticPodProperties staticPodProperties,
            KubeClient client,
            SharedInformerFactory informers,
            EventRecorder kubeletEventRecorder,
            RuntimeService runtime,
            ImageService images,
            NodeAgent node,
            MachineInfo machine,
            PodStatusWriter statusWriter,
            WaitingReasons reasons,
            ObjectProvider<ContainerEnvironment> environments,
            ObjectProvider<PodObjects> objects,
            ProbeManager probeManager,
            ObjectProvider<MeterRegistry> registries,
            KubeletMetrics metrics) {
        MeterRegistry registry = registries.getIfAvailable(CompositeMeterRegistry::new);
        ContainerEnvironment environment = environments.getIfAvailable(PlainContainerEnvironment::new);
        PodObjects podObjects = objects.getIfAvailable();
        PodProbing probes = new PodProbing(probeManager);
        Clock clock = Clock.systemUTC();
        SharedIndexInformer<Pod> pods = informers.informerFor(
                Pod.class, "", ListOptions.all().withFieldSelector("spec.nodeName=" + properties.nodeName()));
        PodStartupLatencyTracker startup = new PodStartupLatencyTracker(metrics, clock);
        pods.addEventHandler(startup.podHandler());
        SharedIndexInformer<Node> nodes = informers.informerFor(
                Node.class, "", ListOptions.all().withFieldSelector("metadata.name=" + properties.nodeName()));

        PodEvents events = new PodEvents(kubeletEventRecorder);
        LifecycleHooks hooks = new LifecycleHooks(runtime);
        PodKiller killer = new PodKiller(
                runtime,
                hooks,
                events,
                Executors.newCachedThreadPool(runnable -> {
                    Thread thread = new Thread(runnable, "kubelet-container-killer");
                    thread.setDaemon(true);
                    return thread;
                }),
                clock);
        ImagePuller puller = new ImagePuller(
                images,
                new Backoff(BACK_OFF, MAX_BACK_OFF, clock),
                new PodPullSecrets(secretReader(podObjects, client)),
                events,
                clock,
                metrics,
                startup);
        ContainerStarter starter = new ContainerStarter(
                runtime,
                puller,
                environment,
                new ContainerConfigs(machine::memoryCapacityBytes),
                hooks,
                killer,
                events,
                new Backoff(BACK_OFF, MAX_BACK_OFF, clock),
                properties.hostIps(),
                properties.nodeName(),
                metrics);
        WorkQueue<String> mirrorQueue = WorkQueue.<String>builder("kubelet-mirror-pods")
                .rateLimiter(RateLimiters.defaultControllerRateLimiter())
                .meterRegistry(registry)
                .build();
        DesiredPods desired = new DesiredPods(podObjects == null ? PodRegistrations.NONE : podObjects);
        PodSync sync = new PodSync(
                desired,
                runtime,
                new SandboxConfigs(properties.podLogsDir(), environment, node::podCidr),
                starter,
                puller,
                killer,
                environment,
                new PodStatusGenerator(reasons, probes, properties.hostIps()),
                statusWriter.manager(),
                reasons,
                probes,
                events,
                clock,
                properties.hostIps(),
                metrics,
                startup);
        PodWorkers workers = new PodWorkers(sync, desired::uids, properties.syncFrequency(), registry);
        probes.syncOnChange(workers);
        MirrorPodSync mirrors = new MirrorPodSync(
                desired,
                pods.lister(),
                () -> nodes.lister().get(properties.nodeName()),
                new ClientMirrorPodApi(client, CALL_TIMEOUT));
        PodConfig config = new PodConfig(
                desired,
                workers,
                probes,
                statusWriter.manager(),
                mirrorQueue::add,
                events,
                clock,
                staticPodProperties.enabled());
        desired.whenForgotten(config::podForgotten);
        Optional<StaticPodSource> staticPods = Optional.ofNullable(staticPodProperties.staticPodPath())
                .map(path -> new StaticPodSource(
                        new ManifestDirectory(path, new ManifestReader(properties.nodeName())),
                        staticPodProperties.fileCheckFrequency()));
        Pleg pleg = new Pleg(runtime, workers::requestSync, metrics, clock);
        return new PodLifecycle(
                pods,
                config,
                staticPods,
                desired,
                workers,
                pleg,
                statusWriter.manager(),
                statusWriter.runner(),
                new ControllerRunner<>("kubelet-mirror-pods", mirrorQueue, mirrors, 1),
                properties.syncFrequency());
    }

    /** Liveness, readiness and startup probes, run from the node. */
    @Bean(destroyMethod = "close")
    ProbeManager probeManager(
            RuntimeService runtime,
            PodStatusManager statuses,
            EventRecorder kubeletEventRecorder,
            ObjectProvider<MeterRegistry> registries,
            ObjectProvider<ProbeNetwork> networks) {
        return ProbeManager.create(
                runtime,
                statuses::podStatus,
                new RecorderProbeEvents(kubeletEventRecorder),
                registries.getIfAvailable(CompositeMeterRegistry::new),
                networks.getIfAvailable(ProbeNetwork::direct));
    }

    /** The status manager and the runner of its writes. */
    record PodStatusWriter(PodStatusManager manager, ControllerRunner<String> runner) {}

    /**
     * How pull secrets are read: from the per-object watches of the pods' Secrets; without them (a
     * plain container environment), from the API server.
     */
    private static BiFunction<String, String, Optional<Secret>> secretReader(PodObjects objects, KubeClient client) {
        if (objects != null) {
            return objects::secret;
        }
        return (namespace, name) -> Optional.ofNullable(
                client.resources(Secret.class).find(namespace, name).block(CALL_TIMEOUT));
    }
}
