package io.skiff.controllermanager;

import io.skiff.component.runtime.ComponentRuntimeConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * What every controller shares: the API client, the shared informers, the event broadcaster and
 * leader election on the kube-controller-manager Lease. Each controller adds its own configuration
 * class (informers, workqueue, {@code LeaderWork} that runs its workers only while leading).
 */
@Configuration(proxyBeanMethods = false)
@Import(ComponentRuntimeConfiguration.class)
class ControllerManagerConfiguration {}
