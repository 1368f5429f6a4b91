package io.skiff.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.events.EventBroadcaster;
import io.skiff.component.events.EventOrigin;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.controllermanager.pods.PodsByNode;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The node lifecycle controller with taint-based eviction: informers on nodes, pods and the node
 * Leases in kube-node-lease. Off with {@code skiff.controllers.node-lifecycle.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.node-lifecycle.enabled", matchIfMissing = true)
@EnableConfigurationProperties(NodeLifecycleProperties.class)
class NodeLifecycleConfiguration {

    /** Bounds each call; the client's own request timeout is shorter. */
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);

    @Bean
    NodeLifecycleController nodeLifecycleController(
            KubeClient client,
            SharedInformerFactory informers,
            EventBroadcaster events,
            NodeLifecycleProperties properties,
            ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<Node> nodes = informers.informerFor(Node.class);
        SharedIndexInformer<Pod> pods = PodsByNode.indexed(informers.informerFor(Pod.class));
        SharedIndexInformer<Lease> leases = informers.informerFor(Lease.class, NodeHealthMonitor.NODE_LEASE_NAMESPACE);
        NodeLifecycleWrites writes = new ClientNodeLifecycleWrites(client);
        Clock clock = Clock.systemUTC();
        NodeHealthMonitor monitor = new NodeHealthMonitor(
                nodes.lister(),
                leases.lister(),
                pods.lister(),
                writes,
                events.newRecorder(EventOrigin.of(NodeLifecycleController.EVENT_SOURCE, "")),
                properties,
                clock,
                CALL_TIMEOUT);
        TaintEvictionSync eviction = new TaintEvictionSync(
                pods.lister(),
                nodes.lister(),
                writes,
                events.newRecorder(EventOrigin.of(NodeLifecycleController.TAINT_EVICTION_NAME, "")),
                clock,
                CALL_TIMEOUT);
        return new NodeLifecycleController(
                nodes,
                leases,
                pods,
                monitor,
                new NoScheduleTaintSync(nodes.lister(), writes, CALL_TIMEOUT),
                eviction,
                registry.getIfAvailable(CompositeMeterRegistry::new),
                properties.workers());
    }
}
