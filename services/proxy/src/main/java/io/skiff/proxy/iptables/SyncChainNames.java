package io.skiff.proxy.iptables;

import io.skiff.proxy.servicemap.Endpoint;
import io.skiff.proxy.servicemap.ServicePortName;
import java.util.HashMap;
import java.util.Map;

/**
 * The chain names one sync uses, remembered for the next: a name is a SHA-256, and a sync of a
 * thousand Services with ten endpoints each would otherwise hash eleven thousand times, mostly
 * for names that did not change. What a sync does not use is forgotten by the one after, so
 * endpoints and Services that went away leave nothing behind. One sync at a time.
 */
final class SyncChainNames {

    private Map<ServicePortName, PortChains> current = new HashMap<>();
    private Map<ServicePortName, PortChains> previous = Map.of();

    /** Starts a sync: the names the previous one used stay available, the older ones go. */
    void startSync() {
        previous = current;
        current = new HashMap<>();
    }

    /** The chains of {@code name} in this sync. */
    PortChains of(ServicePortName name) {
        PortChains chains = current.get(name);
        if (chains == null) {
            PortChains earlier = previous.get(name);
            chains = earlier == null ? new PortChains(name) : earlier.nextSync();
            current.put(name, chains);
        }
        return chains;
    }

    /** One service port's chain names, and those of the endpoints this sync asked for. */
    static final class PortChains {
        private final ServicePortName name;
        final String service;
        final String local;
        final String external;
        final String firewall;
        private final Map<String, String> previousEndpoints;
        private final Map<String, String> endpoints = new HashMap<>();

        private PortChains(ServicePortName name) {
            this(
                    name,
                    ChainNames.service(name),
                    ChainNames.local(name),
                    ChainNames.external(name),
                    ChainNames.firewall(name),
                    Map.of());
        }

        private PortChains(
                ServicePortName name,
                String service,
                String local,
                String external,
                String firewall,
                Map<String, String> previousEndpoints) {
            this.name = name;
            this.service = service;
            this.local = local;
            this.external = external;
            this.firewall = firewall;
            this.previousEndpoints = previousEndpoints;
        }

        private PortChains nextSync() {
            return new PortChains(name, service, local, external, firewall, endpoints);
        }

        /** KUBE-SEP-…: the endpoint's chain. */
        String endpoint(Endpoint endpoint) {
            String hostPort = endpoint.hostPort();
            String chain = endpoints.get(hostPort);
            if (chain == null) {
                chain = previousEndpoints.get(hostPort);
                if (chain == null) {
                    chain = ChainNames.endpoint(name, endpoint);
                }
                endpoints.put(hostPort, chain);
            }
            return chain;
        }
    }
}
