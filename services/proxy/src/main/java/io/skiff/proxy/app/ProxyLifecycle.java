package io.skiff.proxy.app;

import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.proxy.runner.BoundedFrequencyRunner;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the sync loop and asks for the first sync once the informers have listed everything (the
 * proxier prepares the node's network on its first sync). Runs after the informers have started.
 */
final class ProxyLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProxyLifecycle.class);
    private static final Duration CACHE_SYNC_WAIT = Duration.ofMinutes(5);

    private final ProxyProperties properties;
    private final BoundedFrequencyRunner runner;
    private final SharedInformerFactory informers;
    private volatile boolean running;

    ProxyLifecycle(ProxyProperties properties, BoundedFrequencyRunner runner, SharedInformerFactory informers) {
        this.properties = properties;
        this.runner = runner;
        this.informers = informers;
    }

    @Override
    public void start() {
        runner.start();
        Thread firstSync = new Thread(
                () -> {
                    if (informers.waitForCacheSync(CACHE_SYNC_WAIT)) {
                        runner.run();
                    } else {
                        log.error(
                                "Services and EndpointSlices not listed within {}; no rules synced yet",
                                CACHE_SYNC_WAIT);
                    }
                },
                "proxy-first-sync");
        firstSync.setDaemon(true);
        firstSync.start();
        running = true;
        log.info("proxy started in {} mode for node {}", properties.mode(), properties.nodeName());
    }

    @Override
    public void stop() {
        runner.close();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
