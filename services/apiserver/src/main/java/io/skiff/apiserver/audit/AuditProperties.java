package io.skiff.apiserver.audit;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit log, as kube-apiserver's {@code --audit-*} flags.
 *
 * @param policyFile an audit.k8s.io/v1 Policy ({@code --audit-policy-file}); unset (the default)
 *     audits nothing
 * @param logPath the file events are appended to ({@code --audit-log-path}); "-" for standard
 *     output; unset writes no log
 * @param logMaxsize megabytes before the file is rotated ({@code --audit-log-maxsize}); 0 means
 *     100, Kubernetes' effective default
 * @param logMaxbackup rotated files kept ({@code --audit-log-maxbackup}); 0 keeps all
 * @param logMaxage days a rotated file is kept ({@code --audit-log-maxage}); 0 keeps them
 * @param logBufferSize events waiting for the disk before new ones are dropped and counted
 *     ({@code --audit-log-batch-buffer-size})
 */
@ConfigurationProperties("skiff.apiserver.audit")
public record AuditProperties(
        Path policyFile,
        String logPath,
        @DefaultValue("0") int logMaxsize,
        @DefaultValue("0") int logMaxbackup,
        @DefaultValue("0") int logMaxage,
        @DefaultValue("10000") int logBufferSize) {}
