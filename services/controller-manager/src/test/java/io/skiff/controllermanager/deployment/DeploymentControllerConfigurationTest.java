package io.skiff.controllermanager.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DeploymentControllerConfigurationTest {

    @Test
    void theControllerCanBeSwitchedOff() {
        new ApplicationContextRunner()
                .withUserConfiguration(DeploymentControllerConfiguration.class)
                .withPropertyValues("skiff.controllers.deployment.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(DeploymentController.class);
                });
    }
}
