package io.skiff.launcher.bootstrap;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.skiff.apiserver.pki.PemFiles;
import io.skiff.component.client.ApiClientProperties;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.client.KubeClient;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's kubelet TLS bootstrap, in one call: reuse {@code <dir>/client-kubelet.crt} and its
 * key while valid and not in the last 20 % of its lifetime; otherwise make a new ECDSA P-256 key,
 * send a CertificateSigningRequest for {@code system:node:<name>} in {@code system:nodes} to signer
 * kubernetes.io/kube-apiserver-client-kubelet with the bootstrap credentials, wait (bounded) for a
 * controller to approve and sign it, and write the key (0600) and certificate.
 */
public final class NodeClientCertificate {

    private static final Logger log = LoggerFactory.getLogger(NodeClientCertificate.class);

    static final String CERTIFICATE_FILE = "client-kubelet.crt";
    static final String KEY_FILE = "client-kubelet.key";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private NodeClientCertificate() {}

    /**
     * The node's client certificate and key files under {@code dir}, obtained through {@code
     * bootstrapClient} (the server and the join token as bearer) when there is none to reuse.
     *
     * @throws BootstrapException when the request is denied, fails or is not signed within {@code
     *     timeout}, or the server cannot be reached
     */
    public static ClientCertificateFiles obtain(
            ApiClientProperties bootstrapClient, String nodeName, Path dir, Duration timeout) {
        return obtain(bootstrapClient, nodeName, dir, timeout, Clock.systemUTC());
    }

    static ClientCertificateFiles obtain(
            ApiClientProperties bootstrapClient, String nodeName, Path dir, Duration timeout, Clock clock) {
        ClientCertificateFiles files = new ClientCertificateFiles(dir.resolve(CERTIFICATE_FILE), dir.resolve(KEY_FILE));
        Optional<String> renew = StoredCertificate.whyNotReusable(files, clock.instant());
        if (renew.isEmpty()) {
            log.info("Using the client certificate of node {} in {}", nodeName, files.certificate());
            return files;
        }
        log.info("Requesting a client certificate for node {}: {}", nodeName, renew.get());
        NodeCertificateRequest request = NodeCertificateRequest.create(nodeName);
        X509Certificate certificate;
        try (KubeClient client = KubeClient.create(bootstrapClient)) {
            certificate = requestAndWait(client, request, timeout, clock);
        }
        if (!StoredCertificate.matches(
                certificate.getPublicKey(), request.keys().getPrivate())) {
            throw new BootstrapException("the certificate issued for " + request.objectName()
                    + " is not for the key this node requested it with");
        }
        PemFiles.write(files.key(), request.keys().getPrivate());
        PemFiles.write(files.certificate(), certificate);
        log.info(
                "Node {} got its client certificate (valid until {}) in {}",
                nodeName,
                certificate.getNotAfter().toInstant(),
                files.certificate());
        return files;
    }

    private static X509Certificate requestAndWait(
            KubeClient client, NodeCertificateRequest request, Duration timeout, Clock clock) {
        String name = request.objectName();
        CertificateSigningRequest wanted = new CertificateSigningRequestBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withRequest(request.requestField())
                .withSignerName(NodeCertificateRequest.SIGNER)
                .withUsages(NodeCertificateRequest.USAGES)
                .endSpec()
                .build();
        var requests = client.resources(CertificateSigningRequest.class);
        Duration callTimeout = client.properties().requestTimeout().multipliedBy(2);
        try {
            requests.create(wanted).block(callTimeout);
        } catch (RuntimeException e) {
            if (!ApiErrors.isAlreadyExists(e)) {
                throw new BootstrapException(
                        "could not create certificate signing request " + name + ": " + e.getMessage());
            }
        }
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            Optional<CertificateSigningRequest> current;
            try {
                current = requests.find(null, name).blockOptional(callTimeout);
            } catch (RuntimeException e) {
                throw new BootstrapException(
                        "could not read certificate signing request " + name + ": " + e.getMessage());
            }
            if (current.isEmpty()) {
                throw new BootstrapException(
                        "certificate signing request " + name + " was deleted before it was signed");
            }
            Optional<X509Certificate> issued = outcome(current.get());
            if (issued.isPresent()) {
                return issued.get();
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new BootstrapException("no controller signed certificate signing request " + name + " within "
                        + timeout.toSeconds() + "s: " + pendingHint(current.get()));
            }
            sleep();
        }
    }

    /** The certificate once issued; empty while pending; a denial or failure as an exception. */
    static Optional<X509Certificate> outcome(CertificateSigningRequest csr) {
        List<CertificateSigningRequestCondition> conditions =
                csr.getStatus() == null || csr.getStatus().getConditions() == null
                        ? List.of()
                        : csr.getStatus().getConditions();
        for (CertificateSigningRequestCondition condition : conditions) {
            if ("Denied".equals(condition.getType()) || "Failed".equals(condition.getType())) {
                throw new BootstrapException(
                        "certificate signing request " + csr.getMetadata().getName() + " "
                                + ("Denied".equals(condition.getType()) ? "was denied" : "failed") + ": "
                                + condition.getReason() + ": " + condition.getMessage());
            }
        }
        String certificate = csr.getStatus() == null ? null : csr.getStatus().getCertificate();
        if (certificate == null || certificate.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(
                            new ByteArrayInputStream(Base64.getDecoder().decode(certificate))));
        } catch (CertificateException | IllegalArgumentException e) {
            throw new BootstrapException("certificate signing request "
                    + csr.getMetadata().getName() + " carries an unreadable certificate: " + e.getMessage());
        }
    }

    private static String pendingHint(CertificateSigningRequest csr) {
        boolean approved = csr.getStatus() != null
                && csr.getStatus().getConditions() != null
                && csr.getStatus().getConditions().stream().anyMatch(c -> "Approved".equals(c.getType()));
        return approved
                ? "it is approved, but no signer issued it (does the controller manager run with"
                        + " skiff.controllers.cluster-signing.cert-file and key-file?)"
                : "it is still pending approval (approve it with kubectl certificate approve "
                        + csr.getMetadata().getName() + ", or check that the controller manager runs)";
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BootstrapException("interrupted while waiting for the node's client certificate");
        }
    }

    /** The bootstrap could not end with a certificate; the message is the line the user reads. */
    public static final class BootstrapException extends RuntimeException {
        public BootstrapException(String message) {
            super(message, null, false, false);
        }
    }
}
