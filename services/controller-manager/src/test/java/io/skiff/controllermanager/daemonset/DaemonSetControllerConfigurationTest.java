package io.skiff.controllermanager.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DaemonSetControllerConfigurationTest {

    @Test
    void theControllerCanBeSwitchedOff() {
        new ApplicationContextRunner()
                .withUserConfiguration(DaemonSetControllerConfiguration.class)
                .withPropertyValues("skiff.controllers.daemonset.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(DaemonSetController.class);
                });
    }
}
