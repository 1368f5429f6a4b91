package io.skiff.controllermanager.certificates.signing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether the cluster CA files are set; without them the csrsigning controller does not run, as
 * kube-controller-manager skips it when --cluster-signing-cert-file is empty, and says so.
 */
final class ClusterSigningConfigured implements Condition {

    private static final Logger log = LoggerFactory.getLogger(ClusterSigningConfigured.class);

    static final String CERT_FILE = "skiff.controllers.cluster-signing.cert-file";
    static final String KEY_FILE = "skiff.controllers.cluster-signing.key-file";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String cert = context.getEnvironment().getProperty(CERT_FILE, "");
        String key = context.getEnvironment().getProperty(KEY_FILE, "");
        if (cert.isBlank() || key.isBlank()) {
            log.info(
                    "csrsigning controller disabled: {} and {} are not both set, so no CertificateSigningRequest"
                            + " will be signed",
                    CERT_FILE,
                    KEY_FILE);
            return false;
        }
        return true;
    }
}
