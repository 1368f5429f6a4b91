package io.skiff.proxy.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.proxy.servicemap.Endpoint;
import io.skiff.proxy.servicemap.ServicePortName;
import org.junit.jupiter.api.Test;

class SyncChainNamesTest {

    private final ServicePortName web = new ServicePortName("ns", "web", "http", "TCP");
    private final Endpoint endpoint = new Endpoint("10.244.0.3", 8080, true, true, false, "node1");
    private final SyncChainNames names = new SyncChainNames();

    @Test
    void namesAreKubeProxysAndAreReusedBySyncsThatFollow() {
        names.startSync();
        SyncChainNames.PortChains first = names.of(web);
        String endpointChain = first.endpoint(endpoint);

        assertThat(first.service).isEqualTo(ChainNames.service(web));
        assertThat(first.local).isEqualTo(ChainNames.local(web));
        assertThat(first.external).isEqualTo(ChainNames.external(web));
        assertThat(endpointChain).isEqualTo(ChainNames.endpoint(web, endpoint));

        names.startSync();
        SyncChainNames.PortChains second = names.of(web);
        assertThat(second.service).isSameAs(first.service);
        assertThat(second.endpoint(endpoint)).isSameAs(endpointChain);
    }

    @Test
    void whatASyncDoesNotUseIsForgottenByTheNext() {
        names.startSync();
        String endpointChain = names.of(web).endpoint(endpoint);

        names.startSync();
        names.of(web); // the endpoint went away: this sync does not ask for its chain
        names.startSync();

        String again = names.of(web).endpoint(endpoint);
        assertThat(again).isEqualTo(endpointChain).isNotSameAs(endpointChain);
    }
}
