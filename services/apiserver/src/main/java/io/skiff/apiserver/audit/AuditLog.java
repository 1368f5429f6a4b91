package io.skiff.apiserver.audit;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sets up auditing from its properties: the policy, the log backend and the filter. */
public final class AuditLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final AuditFilter filter;
    private final AuditBackend backend;

    private AuditLog(AuditFilter filter, AuditBackend backend) {
        this.filter = filter;
        this.backend = backend;
    }

    /**
     * Reads the policy and opens the log; both must work or the server does not start, as with
     * kube-apiserver. Without a policy file nothing is audited (requests still get an Audit-Id).
     */
    public static AuditLog start(AuditProperties properties, MeterRegistry meters, Clock clock) {
        if (properties.policyFile() == null) {
            return new AuditLog(new AuditFilter(null, null, clock), null);
        }
        AuditPolicy policy = AuditPolicyFile.load(properties.policyFile());
        if (properties.logPath() == null || properties.logPath().isEmpty()) {
            log.warn("An audit policy is configured but no audit log path (skiff.apiserver.audit.log-path):"
                    + " no audit events are written");
            return new AuditLog(new AuditFilter(null, null, clock), null);
        }
        AuditBackend.Sink sink;
        if (properties.logPath().equals("-")) {
            sink = AuditBackend.stream(System.out);
        } else {
            RotatingLogFile file = new RotatingLogFile(
                    Path.of(properties.logPath()),
                    properties.logMaxsize(),
                    properties.logMaxbackup(),
                    properties.logMaxage(),
                    clock);
            try {
                file.open();
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot open the audit log " + properties.logPath() + ": " + e.getMessage(), e);
            }
            sink = AuditBackend.file(file);
        }
        AuditBackend backend = new AuditBackend(sink, properties.logBufferSize(), meters);
        log.info(
                "Audit log: policy {} with {} rules, events to {}",
                properties.policyFile(),
                policy.rules().size(),
                properties.logPath());
        return new AuditLog(new AuditFilter(policy, backend, clock), backend);
    }

    public AuditFilter filter() {
        return filter;
    }

    @Override
    public void close() {
        if (backend != null) {
            backend.close();
        }
    }
}
