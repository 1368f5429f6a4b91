package io.skiff.ingress.app;

import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.skiff.component.client.ResourceClient;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.component.netns.NetworkNamespace;
import io.skiff.ingress.ingresses.IngressClasses;
import io.skiff.ingress.proxy.IngressListeners;
import io.skiff.ingress.proxy.ListenerSettings;
import io.skiff.ingress.proxy.RequestObserver;
import io.skiff.ingress.snapshot.SnapshotHolder;
import io.skiff.ingress.snapshot.SnapshotRebuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts serving once the informers run: waits (boundedly) for their first lists, makes sure the
 * default IngressClass exists, builds the first snapshot and binds the listeners. Stopping closes
 * the listeners gracefully: requests in flight finish.
 */
public final class IngressServing implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IngressServing.class);

    /** After the informers' lifecycle, so their caches are filling. */
    static final int PHASE = Integer.MAX_VALUE - 900;

    private final IngressProperties properties;
    private final SharedInformerFactory informers;
    private final SharedIndexInformer<IngressClass> classes;
    private final ResourceClient<IngressClass> classClient;
    private final SnapshotHolder snapshots;
    private final SnapshotRebuilder rebuilder;
    private final RequestObserver observer;
    private volatile IngressListeners listeners;
    private volatile boolean synced;
    private NetworkNamespace namespace;

    IngressServing(
            IngressProperties properties,
            SharedInformerFactory informers,
            SharedIndexInformer<IngressClass> classes,
            ResourceClient<IngressClass> classClient,
            SnapshotHolder snapshots,
            SnapshotRebuilder rebuilder,
            RequestObserver observer) {
        this.properties = properties;
        this.informers = informers;
        this.classes = classes;
        this.classClient = classClient;
        this.snapshots = snapshots;
        this.rebuilder = rebuilder;
        this.observer = observer;
    }

    @Override
    public void start() {
        synced = informers.waitForCacheSync(properties.syncWait());
        if (!synced) {
            log.warn("serving before the caches are filled ({} passed)", properties.syncWait());
        }
        if (properties.ensureDefaultClass()) {
            DefaultIngressClass.ensure(
                    classClient,
                    classes.getIndexer().getByKey(IngressClasses.DEFAULT_CLASS_NAME),
                    properties.controller());
        }
        rebuilder.changed();
        Optional<NetworkNamespace> nodeNetwork =
                Optional.ofNullable(properties.nodeNetworkNamespace()).map(NetworkNamespace::of);
        namespace = nodeNetwork.orElse(null);
        listeners = IngressListeners.bind(
                new ListenerSettings(
                        properties.address(),
                        properties.httpPort(),
                        properties.httpsPort(),
                        properties.listenInNodeNetwork() ? nodeNetwork : Optional.empty(),
                        nodeNetwork,
                        properties.connectTimeout(),
                        properties.readTimeout(),
                        properties.shutdownGrace()),
                snapshots,
                observer);
    }

    /** Whether the caches held their first lists when serving started, or have since. */
    boolean cachesSynced() {
        return synced || informers.waitForCacheSync(Duration.ZERO);
    }

    public Optional<InetSocketAddress> httpAddress() {
        IngressListeners current = listeners;
        return current == null ? Optional.empty() : Optional.of(current.httpAddress());
    }

    public Optional<InetSocketAddress> httpsAddress() {
        IngressListeners current = listeners;
        return current == null ? Optional.empty() : Optional.of(current.httpsAddress());
    }

    @Override
    public void stop() {
        IngressListeners current = listeners;
        listeners = null;
        if (current != null) {
            current.close();
        }
        if (namespace != null) {
            namespace.close();
            namespace = null;
        }
    }

    @Override
    public boolean isRunning() {
        return listeners != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
