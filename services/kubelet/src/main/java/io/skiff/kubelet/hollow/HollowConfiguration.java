package io.skiff.kubelet.hollow;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.ApiClientProperties;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ListOptions;
import io.skiff.component.informer.Indexers;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.component.workqueue.BucketRateLimiter;
import io.skiff.component.workqueue.ItemExponentialFailureRateLimiter;
import io.skiff.component.workqueue.MaxOfRateLimiter;
import io.skiff.component.workqueue.WorkQueue;
import io.skiff.kubelet.config.KubeletProperties;
import io.skiff.kubelet.node.MachineInfo;
import io.skiff.kubelet.node.NodeLease;
import io.skiff.kubelet.status.ClientPodStatusApi;
import io.skiff.kubelet.status.PodStatusGenerator;
import io.skiff.kubelet.status.ProbeResults;
import io.skiff.kubelet.status.WaitingReasons;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The hollow runtime ({@code skiff.kubelet.runtime=hollow}): {@code skiff.kubelet.hollow.nodes}
 * simulated nodes in this JVM in place of the node agent and the pod lifecycle, as kubemark's
 * hollow nodes and KWOK do. They share one node informer, one pod informer, one Lease renewer, one
 * status reporter and one work queue of pod status writes.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "skiff.kubelet.runtime", havingValue = "hollow")
@EnableConfigurationProperties(HollowProperties.class)
class HollowConfiguration {

    /** The kubelet's port when it serves none (no web server in the context). */
    private static final int DEFAULT_KUBELET_PORT = 10250;

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The process's client, in place of the auto-configured one: a real kubelet has its own request
     * budget ({@code skiff.apiserver.qps}/{@code burst}, 50/100 as Kubernetes' kubeAPIQPS and
     * kubeAPIBurst); N hollow nodes share one client, so it gets N times the budget. What bounds
     * their load is the concurrency of their loops and workers.
     */
    @Bean(destroyMethod = "close")
    KubeClient kubeClient(
            ApiClientProperties api,
            HollowProperties hollow,
            ObjectProvider<WebClient.Builder> webClients,
            ObjectProvider<MeterRegistry> meters) {
        double qps = api.qps() <= 0 ? api.qps() : api.qps() * hollow.nodes();
        int burst = (int) Math.min(Integer.MAX_VALUE, (long) api.burst() * hollow.nodes());
        return KubeClient.create(
                api.withRateLimit(qps, burst), webClients.getIfAvailable(WebClient::builder), meters.getIfAvailable());
    }

    @Bean
    HollowKubelet hollowKubelet(
            KubeletProperties kubelet,
            HollowProperties hollow,
            KubeClient kubeClient,
            SharedInformerFactory informers,
            ObjectProvider<MeterRegistry> registries,
            ApplicationContext context) {
        MeterRegistry registry = registries.getIfAvailable(CompositeMeterRegistry::new);
        Clock clock = Clock.systemUTC();
        List<HollowNode> nodes = new ArrayList<>(hollow.nodes());
        Map<String, HollowNode> byName = new HashMap<>();
        for (int index = 0; index < hollow.nodes(); index++) {
            HollowNode node = new HollowNode(hollow.nodeName(kubelet.nodeName(), index), index);
            nodes.add(node);
            byName.put(node.name(), node);
        }

        MachineInfo machine = MachineInfo.read();
        HollowNodeTemplate template = new HollowNodeTemplate(
                kubelet,
                hollow,
                machine.operatingSystem(),
                machine.architecture(),
                () -> context instanceof WebServerApplicationContext web && web.getWebServer() != null
                        ? web.getWebServer().getPort()
                        : DEFAULT_KUBELET_PORT);
        HollowNodeStatusReporter statuses = new HollowNodeStatusReporter(
                nodes,
                template,
                kubeClient,
                CALL_TIMEOUT,
                kubelet.nodeStatusReportFrequency(),
                hollow.apiConcurrency(),
                clock);
        SharedIndexInformer<Node> nodeInformer = informers.informerFor(
                Node.class, "", ListOptions.all().withLabelSelector(HollowNodeTemplate.HOLLOW_LABEL + "=true"));
        nodeInformer.addEventHandler(ResourceEventHandler.of(
                node -> observe(byName, statuses, node), (before, after) -> observe(byName, statuses, after), node -> {
                    HollowNode gone = byName.get(node.getMetadata().getName());
                    if (gone != null) {
                        gone.deleted();
                    }
                }));
        List<NodeLease> leases = nodes.stream()
                .map(node -> NodeLease.through(
                        kubeClient, CALL_TIMEOUT, node.name(), kubelet.nodeLeaseDuration(), clock, node::uid))
                .toList();
        HollowLeaseRenewer renewer =
                new HollowLeaseRenewer(nodes, leases, kubelet.nodeLeaseDuration(), hollow.apiConcurrency(), registry);

        SharedIndexInformer<Pod> podInformer =
                informers.informerFor(Pod.class, "", ListOptions.all().withFieldSelector("spec.nodeName!="));
        podInformer.addIndexers(Map.of(Indexers.POD_NODE_NAME, Indexers.podsByNodeName()));
        HollowPodSync sync = new HollowPodSync(
                podInformer.lister(),
                byName::get,
                new HollowPodLifecycle(hollow.startDelay()),
                new PodStatusGenerator(new WaitingReasons(), ProbeResults.NONE, kubelet.hostIps()),
                new ClientPodStatusApi(kubeClient, CALL_TIMEOUT),
                clock);
        WorkQueue<String> queue = WorkQueue.<String>builder("kubelet-hollow-pods")
                .rateLimiter(new MaxOfRateLimiter<>(
                        new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(60)),
                        new BucketRateLimiter<>(100, 1000)))
                .meterRegistry(registry)
                .build();
        HollowPods pods = new HollowPods(podInformer, byName::containsKey, sync, queue, hollow.statusWorkers());

        // Suppliers hold their objects strongly (a Gauge of an object keeps only a weak reference).
        int nodeCount = nodes.size();
        Gauge.builder("kubelet_hollow_nodes", () -> nodeCount)
                .description("Hollow nodes this kubelet runs")
                .register(registry);
        Gauge.builder("kubelet_hollow_pods", sync::size)
                .description("Pods bound to the hollow nodes that this kubelet holds")
                .register(registry);
        return new HollowKubelet(statuses, renewer, pods);
    }

    private static void observe(Map<String, HollowNode> nodes, HollowNodeStatusReporter statuses, Node node) {
        HollowNode hollow = nodes.get(node.getMetadata().getName());
        if (hollow != null) {
            hollow.observed(node);
            statuses.observed(hollow, node);
        }
    }
}
