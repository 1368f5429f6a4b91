package io.skiff.controllermanager.resourcequota;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ResourceQuotaControllerConfigurationTest {

    @Test
    void theControllerCanBeSwitchedOff() {
        new ApplicationContextRunner()
                .withUserConfiguration(ResourceQuotaControllerConfiguration.class)
                .withPropertyValues("skiff.controllers.resourcequota.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(ResourceQuotaController.class);
                });
    }
}
