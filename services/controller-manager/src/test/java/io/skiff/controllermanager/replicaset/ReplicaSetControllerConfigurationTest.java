package io.skiff.controllermanager.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ReplicaSetControllerConfigurationTest {

    @Test
    void theControllerCanBeSwitchedOff() {
        new ApplicationContextRunner()
                .withUserConfiguration(ReplicaSetControllerConfiguration.class)
                .withPropertyValues("skiff.controllers.replicaset.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(ReplicaSetController.class);
                });
    }
}
