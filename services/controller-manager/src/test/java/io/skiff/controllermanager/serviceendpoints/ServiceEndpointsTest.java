package io.skiff.controllermanager.serviceendpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceEndpointsTest {

    private static Service service(String type, Map<String, String> selector) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .withType(type)
                .withSelector(selector)
                .endSpec()
                .build();
    }

    @Test
    void onlyServicesWithASelectorGetEndpointsFromControllers() {
        assertThat(ServiceEndpoints.selectsPods(service("ClusterIP", Map.of("app", "web"))))
                .isTrue();
        assertThat(ServiceEndpoints.selectsPods(service("ClusterIP", null)))
                .as("no selector, as the kubernetes Service (fabric8 reads it as an empty map)")
                .isFalse();
        assertThat(ServiceEndpoints.selectsPods(service("ClusterIP", Map.of()))).isFalse();
        assertThat(ServiceEndpoints.selectsPods(service("ExternalName", Map.of("app", "web"))))
                .isFalse();
    }
}
