package io.skiff.kubelet.envvars;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** resourceFieldRef values: divided by the divisor and rounded up, as Kubernetes' helpers do. */
class ResourceFieldsTest {

    private static final Container CONTAINER = new ContainerBuilder()
            .withName("app")
            .withNewResources()
            .addToRequests("cpu", new Quantity("100m"))
            .addToRequests("memory", new Quantity("1.5Gi"))
            .addToRequests("hugepages-2Mi", new Quantity("4Mi"))
            .addToLimits("cpu", new Quantity("1500m"))
            .addToLimits("memory", new Quantity("0"))
            .endResources()
            .build();

    private static final Pod POD = new PodBuilder()
            .withNewSpec()
            .withContainers(CONTAINER)
            .addNewInitContainer()
            .withName("init")
            .endInitContainer()
            .endSpec()
            .build();

    private static final Map<String, Quantity> ALLOCATABLE =
            Map.of("cpu", new Quantity("3"), "memory", new Quantity("2Gi"), "ephemeral-storage", new Quantity("10G"));

    @ParameterizedTest(name = "{0} / {1} = {2}")
    @CsvSource({
        "requests.cpu, , 1",
        "requests.cpu, 1m, 100",
        "requests.cpu, 30m, 4",
        "limits.cpu, , 2",
        "limits.cpu, 1m, 1500",
        "requests.memory, , 1610612736",
        "requests.memory, 1Mi, 1536",
        "requests.memory, 1Gi, 2",
        "requests.memory, 0, 1610612736",
        "limits.memory, 1Gi, 2",
        "limits.ephemeral-storage, 1Gi, 10",
        "requests.ephemeral-storage, , 0",
        "requests.hugepages-2Mi, 1Mi, 4",
        "limits.hugepages-2Mi, , 0"
    })
    void roundsUp(String resource, String divisor, String expected) {
        ResourceFieldSelector selector =
                new ResourceFieldSelector(null, divisor == null ? null : new Quantity(divisor), resource);

        assertThat(ResourceFields.value(selector, POD, CONTAINER, ALLOCATABLE)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource({"limits.cpu, app, 2", "limits.cpu, init, 0", "limits.memory, init, 0"})
    void aNamedInitContainersLimitsAreNotDefaultedForTheEnvironment(
            String resource, String container, String expected) {
        ResourceFieldSelector selector = new ResourceFieldSelector(container, null, resource);

        assertThat(ResourceFields.value(selector, POD, CONTAINER, ALLOCATABLE)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource({"limits.cpu, init, 3", "limits.memory, init, 2147483648"})
    void aDownwardApiVolumeDefaultsAnyNamedContainersLimits(String resource, String container, String expected) {
        ResourceFieldSelector selector = new ResourceFieldSelector(container, null, resource);

        assertThat(ResourceFields.valueByContainerName(selector, POD, container, ALLOCATABLE))
                .isEqualTo(expected);
    }
}
