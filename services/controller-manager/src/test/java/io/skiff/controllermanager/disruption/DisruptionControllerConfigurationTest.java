package io.skiff.controllermanager.disruption;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DisruptionControllerConfigurationTest {

    @Test
    void theControllerCanBeSwitchedOff() {
        new ApplicationContextRunner()
                .withUserConfiguration(DisruptionControllerConfiguration.class)
                .withPropertyValues("skiff.controllers.disruption.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(DisruptionController.class);
                });
    }
}
