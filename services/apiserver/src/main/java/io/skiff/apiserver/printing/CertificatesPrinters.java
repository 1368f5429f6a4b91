package io.skiff.apiserver.printing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/** The certificates.k8s.io group: certificate signing requests, as {@code kubectl get csr} shows them. */
final class CertificatesPrinters {

    static final KindPrinter CERTIFICATE_SIGNING_REQUEST = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.age(),
                    Column.string("SignerName", "signerName indicates the requested signer, and is a qualified name."),
                    Column.string("Requestor", "Name of the user which made this CSR."),
                    Column.string(
                            "RequestedDuration",
                            "expirationSeconds is the requested duration of validity of the issued certificate."),
                    Column.string("Condition", "State of the CSR")),
            CertificatesPrinters::row);

    private CertificatesPrinters() {}

    static void registerInto(PrinterRegistry.Builder registry) {
        registry.add("certificates.k8s.io", "CertificateSigningRequest", CERTIFICATE_SIGNING_REQUEST);
    }

    private static List<Object> row(JsonNode csr, PrintContext context) {
        String signer = Fields.text(csr, "spec", "signerName");
        JsonNode expiration = Fields.at(csr, "spec", "expirationSeconds");
        return List.of(
                Fields.name(csr),
                context.age(csr),
                signer.isEmpty() ? "<none>" : signer,
                Fields.text(csr, "spec", "username"),
                Fields.isSet(expiration) ? HumanDuration.format(Duration.ofSeconds(expiration.asLong())) : "<none>",
                condition(csr));
    }

    /** Denied, else Approved, else Pending; then ",Failed" and ",Issued" (extractCSRStatus). */
    static String condition(JsonNode csr) {
        boolean approved = false;
        boolean denied = false;
        boolean failed = false;
        for (JsonNode condition : Fields.list(csr, "status", "conditions")) {
            switch (Fields.text(condition, "type")) {
                case "Approved" -> approved = true;
                case "Denied" -> denied = true;
                case "Failed" -> failed = true;
                default -> {}
            }
        }
        StringBuilder status = new StringBuilder(denied ? "Denied" : approved ? "Approved" : "Pending");
        if (failed) {
            status.append(",Failed");
        }
        if (!Fields.text(csr, "status", "certificate").isEmpty()) {
            status.append(",Issued");
        }
        return status.toString();
    }
}
