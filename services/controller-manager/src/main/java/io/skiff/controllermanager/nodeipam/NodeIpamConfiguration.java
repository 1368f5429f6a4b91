package io.skiff.controllermanager.nodeipam;

import io.fabric8.kubernetes.api.model.Node;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.events.EventBroadcaster;
import io.skiff.component.events.EventOrigin;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.model.net.Ipv4Cidr;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The node IPAM controller with the range allocator: every node gets a podCIDR cut from {@code
 * skiff.controllers.node-ipam.cluster-cidr}. Off with {@code skiff.controllers.node-ipam.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.node-ipam.enabled", matchIfMissing = true)
@EnableConfigurationProperties(NodeIpamProperties.class)
class NodeIpamConfiguration {

    /** Bounds each patch; the client's own request timeout is shorter. */
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);

    @Bean
    NodeIpamController nodeIpamController(
            KubeClient client,
            SharedInformerFactory informers,
            EventBroadcaster events,
            NodeIpamProperties properties,
            ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<Node> nodes = informers.informerFor(Node.class);
        NodeCidrs cidrs = new NodeCidrs(Ipv4Cidr.parse(properties.clusterCidr()), properties.nodeCidrMaskSize());
        RangeAllocatorSync sync = new RangeAllocatorSync(
                nodes.lister(),
                cidrs,
                new ClientNodeCidrWrites(client),
                events.newRecorder(EventOrigin.of(NodeIpamController.EVENT_SOURCE, "")),
                CALL_TIMEOUT);
        return new NodeIpamController(
                nodes, cidrs, sync, registry.getIfAvailable(CompositeMeterRegistry::new), properties.workers());
    }
}
