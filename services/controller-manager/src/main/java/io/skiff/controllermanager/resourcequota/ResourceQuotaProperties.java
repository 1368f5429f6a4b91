package io.skiff.controllermanager.resourcequota;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the resource quota controller ({@code skiff.controllers.resourcequota.*}).
 *
 * @param enabled false switches the controller off
 * @param syncPeriod how often every quota's usage is measured again in full, catching changes no
 *     event announced (--resource-quota-sync-period)
 * @param workers how many quotas are synced at once (--concurrent-resource-quota-syncs)
 */
@ConfigurationProperties("skiff.controllers.resourcequota")
public record ResourceQuotaProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5m") Duration syncPeriod,
        @DefaultValue("5") int workers) {}
