package io.skiff.dns.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubeDnsObjectsTest {

    @Test
    void theServiceIsKubeadmsKubeDnsWithTheServersPortAsTarget() {
        Service service = KubeDnsObjects.service("10.96.0.10", 1053);
        assertThat(service.getMetadata().getNamespace()).isEqualTo("kube-system");
        assertThat(service.getMetadata().getName()).isEqualTo("kube-dns");
        assertThat(service.getMetadata().getLabels()).containsEntry("k8s-app", "kube-dns");
        assertThat(service.getSpec().getSelector()).isNullOrEmpty();
        assertThat(service.getSpec().getClusterIP()).isEqualTo("10.96.0.10");
        assertThat(service.getSpec().getPorts())
                .extracting(p -> p.getName() + " " + p.getProtocol() + " " + p.getPort() + "→"
                        + p.getTargetPort().getIntVal())
                .containsExactly("dns UDP 53→1053", "dns-tcp TCP 53→1053");
        assertThat(KubeDnsObjects.portsMatch(service, 1053)).isTrue();
        assertThat(KubeDnsObjects.portsMatch(service, 53)).isFalse();
    }

    @Test
    void theSlicePointsAtTheNodeAddressAndIsOwnedByTheService() throws Exception {
        Service owner = new ServiceBuilder(KubeDnsObjects.service("10.96.0.10", 53))
                .editMetadata()
                .withUid("uid-1")
                .endMetadata()
                .build();
        EndpointSlice slice = KubeDnsObjects.slice(owner, Optional.of(InetAddress.getByName("10.244.0.1")), 53);
        assertThat(slice.getMetadata().getLabels())
                .containsEntry("kubernetes.io/service-name", "kube-dns")
                .containsEntry("endpointslice.kubernetes.io/managed-by", "dns.skiff.io");
        assertThat(slice.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(ref -> assertThat(ref.getUid()).isEqualTo("uid-1"));
        assertThat(slice.getAddressType()).isEqualTo("IPv4");
        assertThat(slice.getEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.getAddresses()).containsExactly("10.244.0.1");
            assertThat(endpoint.getConditions().getReady()).isTrue();
        });
        assertThat(slice.getPorts())
                .extracting(p -> p.getName() + " " + p.getProtocol() + " " + p.getPort())
                .containsExactly("dns UDP 53", "dns-tcp TCP 53");

        assertThat(KubeDnsObjects.sliceMatches(slice, slice)).isTrue();
        EndpointSlice moved = KubeDnsObjects.slice(owner, Optional.of(InetAddress.getByName("10.244.1.1")), 53);
        assertThat(KubeDnsObjects.sliceMatches(slice, moved)).isFalse();
        EndpointSlice defaulted = new EndpointSliceBuilder(slice)
                .editFirstEndpoint()
                .editConditions()
                .withReady(null)
                .endConditions()
                .endEndpoint()
                .build();
        assertThat(KubeDnsObjects.sliceMatches(defaulted, slice))
                .as("an unset ready condition means ready")
                .isTrue();
        assertThat(KubeDnsObjects.slice(owner, Optional.empty(), 53).getEndpoints())
                .isEmpty();
    }
}
