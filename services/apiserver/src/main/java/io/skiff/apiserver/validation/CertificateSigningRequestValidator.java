package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * certificates.k8s.io CertificateSigningRequests, as pkg/apis/certificates/validation: the request
 * a PEM CERTIFICATE REQUEST whose signature holds, a well-formed signer name, known usages,
 * Approved and Denied exclusive, status.certificate PEM certificates. Which path may change what
 * follows the subresource: only approval sets Approved/Denied, only status sets the certificate,
 * and here, stricter than Kubernetes (which leaves it to the signer), only on an approved request.
 */
final class CertificateSigningRequestValidator implements KindValidator {

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final FieldPath CONDITIONS = FieldPath.root("status").child("conditions");
    private static final FieldPath CERTIFICATE = FieldPath.root("status").child("certificate");
    private static final String APPROVED = "Approved";
    private static final String DENIED = "Denied";
    private static final String FAILED = "Failed";
    private static final Set<String> TRUE_ONLY_TYPES = Set.of(APPROVED, DENIED, FAILED);
    private static final List<String> ALL_STATUS_VALUES = List.of("False", "True", "Unknown");
    private static final String LEGACY_UNKNOWN_SIGNER = "kubernetes.io/legacy-unknown";
    private static final int MIN_EXPIRATION_SECONDS = 600;

    /** The key usages Kubernetes knows, sorted as its NotSupported message lists them. */
    static final List<String> VALID_USAGES = List.copyOf(new TreeSet<>(List.of(
            "signing",
            "digital signature",
            "content commitment",
            "key encipherment",
            "key agreement",
            "data encipherment",
            "cert sign",
            "crl sign",
            "encipher only",
            "decipher only",
            "any",
            "server auth",
            "client auth",
            "code signing",
            "email protection",
            "s/mime",
            "ipsec end system",
            "ipsec tunnel",
            "ipsec user",
            "timestamping",
            "ocsp signing",
            "microsoft sgc",
            "netscape sgc")));

    /** Which write is validated: the object (create, update), the status or the approval subresource. */
    enum Path {
        OBJECT,
        STATUS,
        APPROVAL
    }

    @Override
    public void validate(ObjectNode csr, ObjectNode old, Causes causes) {
        validate(csr, old, Path.OBJECT, causes);
    }

    @Override
    public void validateStatus(ObjectNode csr, ObjectNode old, Causes causes) {
        validate(csr, old, Path.STATUS, causes);
    }

    @Override
    public void validateSubresource(String subresource, ObjectNode csr, ObjectNode old, Causes causes) {
        if ("approval".equals(subresource)) {
            validate(csr, old, Path.APPROVAL, causes);
        }
    }

    private static void validate(ObjectNode csr, ObjectNode old, Path path, Causes causes) {
        if (!shapeValid(csr, causes)) {
            return;
        }
        JsonNode spec = Json.objectOrEmpty(csr, "spec");
        String request = Json.string(spec, "request");
        String parseError = requestError(request);
        if (parseError != null) {
            causes.invalid(SPEC.child("request"), request, parseError);
        }
        usages(spec, old, causes);
        signerName(Json.string(spec, "signerName"), old, causes);
        if (Json.hasNumber(spec, "expirationSeconds")
                && spec.get("expirationSeconds").longValue() < MIN_EXPIRATION_SECONDS) {
            causes.invalid(
                    SPEC.child("expirationSeconds"),
                    spec.get("expirationSeconds").longValue(),
                    "may not specify a duration less than 600 seconds (10 minutes)");
        }
        conditions(csr, old, causes);
        String certificate = certificate(csr);
        boolean certificateUnchanged = old != null && certificate.equals(certificate(old));
        if (!certificateUnchanged && (old == null || certificateError(certificate(old)) == null)) {
            String error = certificateError(certificate);
            if (error != null) {
                causes.invalid(CERTIFICATE, "<certificate data>", error);
            }
        }
        if (old != null) {
            updateRules(csr, old, path, causes);
        }
    }

    /**
     * Whether the fields have the types the Go structs give them; what Kubernetes' decoder would
     * refuse is reported here instead of being read as empty.
     */
    private static boolean shapeValid(ObjectNode csr, Causes causes) {
        int before = causes.size();
        JsonNode spec = csr.get("spec");
        if (present(spec) && !spec.isObject()) {
            causes.invalid(SPEC, spec, "must be an object");
        } else if (present(spec)) {
            for (String field : List.of("request", "signerName", "username", "uid")) {
                requireText(spec.get(field), SPEC.child(field), causes);
            }
            JsonNode expiration = spec.get("expirationSeconds");
            if (present(expiration) && !expiration.isIntegralNumber()) {
                causes.invalid(SPEC.child("expirationSeconds"), expiration, "must be an integer");
            }
            for (String list : List.of("usages", "groups")) {
                JsonNode items = spec.get(list);
                if (present(items) && !items.isArray()) {
                    causes.invalid(SPEC.child(list), items, "must be a list of strings");
                } else if (present(items)) {
                    for (int i = 0; i < items.size(); i++) {
                        requireText(items.get(i), SPEC.child(list).index(i), causes);
                    }
                }
            }
        }
        JsonNode status = csr.get("status");
        FieldPath statusPath = FieldPath.root("status");
        if (present(status) && !status.isObject()) {
            causes.invalid(statusPath, status, "must be an object");
        } else if (present(status)) {
            requireText(status.get("certificate"), CERTIFICATE, causes);
            JsonNode conditions = status.get("conditions");
            if (present(conditions) && !conditions.isArray()) {
                causes.invalid(CONDITIONS, conditions, "must be a list");
            } else if (present(conditions)) {
                for (int i = 0; i < conditions.size(); i++) {
                    JsonNode condition = conditions.get(i);
                    if (!condition.isObject()) {
                        causes.invalid(CONDITIONS.index(i), condition, "must be an object");
                        continue;
                    }
                    for (String field :
                            List.of("type", "status", "reason", "message", "lastUpdateTime", "lastTransitionTime")) {
                        requireText(condition.get(field), CONDITIONS.index(i).child(field), causes);
                    }
                }
            }
        }
        return causes.size() == before;
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }

    private static void requireText(JsonNode node, FieldPath field, Causes causes) {
        if (present(node) && !node.isTextual()) {
            causes.invalid(field, node, "must be a string");
        }
    }

    private static void usages(JsonNode spec, ObjectNode old, Causes causes) {
        ArrayNode usages = Json.array(spec, "usages");
        if (usages == null || usages.isEmpty()) {
            causes.required(SPEC.child("usages"), "");
            return;
        }
        List<String> oldUsages = old == null ? List.of() : texts(Json.array(Json.objectOrEmpty(old, "spec"), "usages"));
        boolean allowUnknown = oldUsages.stream().anyMatch(u -> !VALID_USAGES.contains(u));
        boolean allowDuplicates = new HashSet<>(oldUsages).size() < oldUsages.size();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < usages.size(); i++) {
            String usage = usages.get(i).asText("");
            if (!allowUnknown && !VALID_USAGES.contains(usage)) {
                causes.notSupported(SPEC.child("usages").index(i), usage, VALID_USAGES);
            }
            if (!seen.add(usage) && !allowDuplicates) {
                causes.duplicate(SPEC.child("usages").index(i), usage);
            }
        }
    }

    private static void signerName(String signerName, ObjectNode old, Causes causes) {
        FieldPath field = SPEC.child("signerName");
        boolean oldWasLegacy =
                old != null && LEGACY_UNKNOWN_SIGNER.equals(Json.string(Json.objectOrEmpty(old, "spec"), "signerName"));
        if (LEGACY_UNKNOWN_SIGNER.equals(signerName) && !oldWasLegacy) {
            causes.invalid(field, signerName, "the legacy signerName is not allowed via this API version");
            return;
        }
        for (SignerNames.Error error : SignerNames.validate(signerName)) {
            error.addTo(field, causes);
        }
    }

    private static void conditions(ObjectNode csr, ObjectNode old, Causes causes) {
        List<JsonNode> conditions = conditions(csr);
        List<JsonNode> oldConditions = old == null ? List.of() : conditions(old);
        boolean allowBoth = hasType(oldConditions, APPROVED) && hasType(oldConditions, DENIED);
        boolean allowDuplicateTypes = hasDuplicateTypes(oldConditions);
        boolean allowEmptyType =
                oldConditions.stream().anyMatch(c -> c.path("type").asText("").isEmpty());
        Set<String> seen = new HashSet<>();
        boolean approved = false;
        boolean denied = false;
        for (int i = 0; i < conditions.size(); i++) {
            JsonNode condition = conditions.get(i);
            FieldPath at = CONDITIONS.index(i);
            String type = condition.path("type").asText("");
            String status = condition.path("status").asText("");
            if (type.isEmpty() && !allowEmptyType) {
                causes.required(at.child("type"), "");
            }
            List<String> allowed = TRUE_ONLY_TYPES.contains(type) ? List.of("True") : ALL_STATUS_VALUES;
            if (status.isEmpty()) {
                causes.required(at.child("status"), "");
            } else if (!allowed.contains(status)) {
                causes.notSupported(at.child("status"), status, allowed);
            }
            if (!allowBoth) {
                if (type.equals(APPROVED)) {
                    approved = true;
                    if (denied) {
                        causes.invalid(at.child("type"), type, "Approved and Denied conditions are mutually exclusive");
                    }
                } else if (type.equals(DENIED)) {
                    denied = true;
                    if (approved) {
                        causes.invalid(at.child("type"), type, "Approved and Denied conditions are mutually exclusive");
                    }
                }
            }
            if (!seen.add(type) && !allowDuplicateTypes) {
                causes.duplicate(at.child("type"), type);
            }
        }
    }

    /** What only some paths may change (validateCertificateSigningRequestUpdate). */
    private static void updateRules(ObjectNode csr, ObjectNode old, Path path, Causes causes) {
        for (String type : List.of(APPROVED, DENIED, FAILED)) {
            if (ofType(csr, type).size() < ofType(old, type).size()) {
                causes.forbidden(CONDITIONS, "updates may not remove a condition of type \"" + type + "\"");
            }
        }
        if (path != Path.APPROVAL) {
            for (String type : List.of(APPROVED, DENIED)) {
                List<JsonNode> before = ofType(old, type);
                List<JsonNode> after = ofType(csr, type);
                if (after.size() > before.size()) {
                    causes.forbidden(CONDITIONS, "updates may not add a condition of type \"" + type + "\"");
                } else if (after.size() == before.size() && !Objects.equals(before, after)) {
                    causes.forbidden(CONDITIONS, "updates may not modify a condition of type \"" + type + "\"");
                }
            }
        }
        String certificate = certificate(csr);
        String oldCertificate = certificate(old);
        if (!certificate.equals(oldCertificate)) {
            if (path != Path.STATUS) {
                causes.forbidden(CERTIFICATE, "updates may not set certificate content");
            } else if (!oldCertificate.isEmpty()) {
                causes.forbidden(CERTIFICATE, "updates may not modify existing certificate content");
            } else if (!hasType(conditions(old), APPROVED) || hasType(conditions(old), DENIED)) {
                causes.forbidden(CERTIFICATE, "may only be set once the request is approved");
            }
        }
    }

    /**
     * Why spec.request is not a PEM CERTIFICATE REQUEST with a valid signature, or null. The field
     * is bytes: base64 in JSON.
     */
    static String requestError(String base64) {
        byte[] pem;
        try {
            pem = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return "PEM block type must be CERTIFICATE REQUEST";
        }
        PemObject block = firstBlock(pem);
        if (block == null || !"CERTIFICATE REQUEST".equals(block.getType())) {
            return "PEM block type must be CERTIFICATE REQUEST";
        }
        try {
            JcaPKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(block.getContent());
            boolean valid =
                    request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(request.getPublicKey()));
            return valid ? null : "x509: ECDSA verification failure";
        } catch (IOException | RuntimeException e) {
            return "asn1: structure error: " + e.getMessage();
        } catch (OperatorCreationException | PKCSException | GeneralSecurityException e) {
            return "x509: cannot verify signature: " + e.getMessage();
        }
    }

    /** Why status.certificate is not one or more PEM CERTIFICATE blocks, or null (empty is fine). */
    static String certificateError(String base64) {
        if (base64.isEmpty()) {
            return null;
        }
        byte[] pem;
        try {
            pem = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return "must contain at least one CERTIFICATE PEM block";
        }
        int blocks = 0;
        try (PemReader reader = new PemReader(reader(pem))) {
            for (PemObject block = reader.readPemObject(); block != null; block = reader.readPemObject()) {
                if (!"CERTIFICATE".equals(block.getType())) {
                    return "only CERTIFICATE PEM blocks are allowed, found \"" + block.getType() + "\"";
                }
                if (!block.getHeaders().isEmpty()) {
                    return "no PEM block headers are permitted";
                }
                CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(block.getContent()));
                blocks++;
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            return "x509: malformed certificate";
        }
        return blocks == 0 ? "must contain at least one CERTIFICATE PEM block" : null;
    }

    private static PemObject firstBlock(byte[] pem) {
        try (PemReader reader = new PemReader(reader(pem))) {
            return reader.readPemObject();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Reader reader(byte[] pem) {
        return new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII);
    }

    private static String certificate(ObjectNode csr) {
        return Json.string(Json.objectOrEmpty(csr, "status"), "certificate");
    }

    private static List<JsonNode> conditions(ObjectNode csr) {
        ArrayNode conditions = Json.array(Json.objectOrEmpty(csr, "status"), "conditions");
        List<JsonNode> list = new ArrayList<>();
        if (conditions != null) {
            conditions.forEach(list::add);
        }
        return list;
    }

    private static List<JsonNode> ofType(ObjectNode csr, String type) {
        return conditions(csr).stream()
                .filter(c -> type.equals(c.path("type").asText("")))
                .toList();
    }

    private static boolean hasType(List<JsonNode> conditions, String type) {
        return conditions.stream().anyMatch(c -> type.equals(c.path("type").asText("")));
    }

    private static boolean hasDuplicateTypes(List<JsonNode> conditions) {
        Set<String> seen = new HashSet<>();
        return conditions.stream().anyMatch(c -> !seen.add(c.path("type").asText("")));
    }

    private static List<String> texts(ArrayNode array) {
        List<String> texts = new ArrayList<>();
        if (array != null) {
            array.forEach(node -> texts.add(node.asText("")));
        }
        return texts;
    }
}
