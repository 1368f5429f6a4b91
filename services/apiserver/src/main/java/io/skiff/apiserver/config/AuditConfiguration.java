package io.skiff.apiserver.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.apiserver.audit.AuditFilter;
import io.skiff.apiserver.audit.AuditLog;
import io.skiff.apiserver.audit.AuditProperties;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The audit log: policy, log backend, and the filter every request passes. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
public class AuditConfiguration {

    @Bean(destroyMethod = "close")
    AuditLog auditLog(AuditProperties properties, MeterRegistry meters) {
        return AuditLog.start(properties, meters, Clock.systemUTC());
    }

    @Bean
    AuditFilter auditFilter(AuditLog auditLog) {
        return auditLog.filter();
    }
}
