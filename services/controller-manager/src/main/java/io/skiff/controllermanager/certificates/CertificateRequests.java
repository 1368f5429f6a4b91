package io.skiff.controllermanager.certificates;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** Reading a CertificateSigningRequest: its conditions and its PKCS#10 request. */
public final class CertificateRequests {

    public static final String APPROVED = "Approved";
    public static final String DENIED = "Denied";
    public static final String FAILED = "Failed";

    private CertificateRequests() {}

    public static List<CertificateSigningRequestCondition> conditions(CertificateSigningRequest csr) {
        return csr.getStatus() == null || csr.getStatus().getConditions() == null
                ? List.of()
                : csr.getStatus().getConditions();
    }

    public static Optional<CertificateSigningRequestCondition> condition(CertificateSigningRequest csr, String type) {
        return conditions(csr).stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** IsCertificateRequestApproved: approved and not denied. */
    public static boolean isApproved(CertificateSigningRequest csr) {
        return condition(csr, APPROVED).isPresent() && condition(csr, DENIED).isEmpty();
    }

    public static boolean isDenied(CertificateSigningRequest csr) {
        return condition(csr, DENIED).isPresent();
    }

    public static boolean hasTrueCondition(CertificateSigningRequest csr, String type) {
        return conditions(csr).stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    public static boolean isIssued(CertificateSigningRequest csr) {
        return !certificate(csr).isEmpty();
    }

    /** status.certificate as stored: base64 of PEM, or empty. */
    public static String certificate(CertificateSigningRequest csr) {
        return csr.getStatus() == null || csr.getStatus().getCertificate() == null
                ? ""
                : csr.getStatus().getCertificate();
    }

    public static String signerName(CertificateSigningRequest csr) {
        return csr.getSpec() == null || csr.getSpec().getSignerName() == null
                ? ""
                : csr.getSpec().getSignerName();
    }

    public static List<String> usages(CertificateSigningRequest csr) {
        return csr.getSpec() == null || csr.getSpec().getUsages() == null
                ? List.of()
                : csr.getSpec().getUsages();
    }

    /** The PKCS#10 request in spec.request (base64 of a PEM CERTIFICATE REQUEST block). */
    public static PKCS10CertificationRequest parse(CertificateSigningRequest csr) {
        String request = csr.getSpec() == null ? null : csr.getSpec().getRequest();
        if (request == null || request.isEmpty()) {
            throw new IllegalArgumentException("PEM block type must be CERTIFICATE REQUEST");
        }
        String pem = new String(Base64.getDecoder().decode(request), StandardCharsets.US_ASCII);
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            PemObject block = reader.readPemObject();
            if (block == null || !"CERTIFICATE REQUEST".equals(block.getType())) {
                throw new IllegalArgumentException("PEM block type must be CERTIFICATE REQUEST");
            }
            return new PKCS10CertificationRequest(block.getContent());
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed certificate request: " + e.getMessage(), e);
        }
    }
}
