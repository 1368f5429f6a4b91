package io.skiff.controllermanager.testing;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.List;
import java.util.Map;

/** Services for sync fixtures: "web" in "default", selecting app=web, cluster IP 10.96.0.10, IPv4. */
public final class ServiceMaker {

    private final ServiceBuilder service;

    private ServiceMaker(String name) {
        service = new ServiceBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName(name)
                .withUid("uid-svc-" + name)
                .withResourceVersion("1")
                .withCreationTimestamp(PodMaker.NOW.minusSeconds(7200).toString())
                .endMetadata()
                .withNewSpec()
                .withSelector(Map.of("app", "web"))
                .withClusterIP("10.96.0.10")
                .withIpFamilies("IPv4")
                .endSpec();
    }

    public static ServiceMaker service(String name) {
        return new ServiceMaker(name);
    }

    /** A port named {@code name} on 80 that targets the pods' port {@code target} (a number or a name). */
    public ServiceMaker port(String name, String target) {
        IntOrString targetPort = target.chars().allMatch(Character::isDigit)
                ? new IntOrString(Integer.parseInt(target))
                : new IntOrString(target);
        service.editSpec()
                .addToPorts(new ServicePortBuilder()
                        .withName(name)
                        .withPort(80)
                        .withProtocol("TCP")
                        .withTargetPort(targetPort)
                        .build())
                .endSpec();
        return this;
    }

    public ServiceMaker headless() {
        service.editSpec().withClusterIP("None").endSpec();
        return this;
    }

    public ServiceMaker labels(Map<String, String> labels) {
        service.editMetadata().withLabels(labels).endMetadata();
        return this;
    }

    public ServiceMaker publishNotReadyAddresses() {
        service.editSpec().withPublishNotReadyAddresses(true).endSpec();
        return this;
    }

    public ServiceMaker withoutSelector() {
        service.editSpec().withSelector(null).endSpec();
        return this;
    }

    public Service build() {
        Service built = service.build();
        if (built.getSpec().getPorts() == null) {
            built.getSpec().setPorts(List.of());
        }
        return built;
    }
}
