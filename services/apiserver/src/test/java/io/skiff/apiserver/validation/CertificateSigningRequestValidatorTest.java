package io.skiff.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.certificates.TestCertificates;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateSigningRequestValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST = TestCertificates.request("system:node:n1", List.of("system:nodes"));

    private final CertificateSigningRequestValidator validator = new CertificateSigningRequestValidator();

    private static ObjectNode csr(String signer, String usages) throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"apiVersion":"certificates.k8s.io/v1","kind":"CertificateSigningRequest",
                 "metadata":{"name":"n"},
                 "spec":{"request":"%s","signerName":"%s","usages":%s}}
                """.formatted(REQUEST, signer, usages));
    }

    private List<String> messages(ObjectNode csr, ObjectNode old) {
        Causes causes = new Causes();
        validator.validate(csr, old, causes);
        return causes.toList().stream()
                .map(c -> c.getField() + ": " + c.getMessage())
                .toList();
    }

    @Test
    void aWellFormedNodeClientRequestIsValid() throws Exception {
        assertThat(CertificateSigningRequestValidator.requestError(REQUEST)).isNull();
        assertThat(messages(
                        csr("kubernetes.io/kube-apiserver-client-kubelet", "[\"digital signature\",\"client auth\"]"),
                        null))
                .isEmpty();
    }

    static Stream<Arguments> signerNames() {
        return Stream.of(
                Arguments.of("example.com/signer", List.of()),
                Arguments.of("example.com/a.b-c", List.of()),
                Arguments.of("", List.of("spec.signerName: Required value")),
                Arguments.of(
                        "signer",
                        List.of("spec.signerName: Invalid value: \"signer\": must be a fully qualified domain and path"
                                + " of the form 'example.com/signer-name'")),
                Arguments.of(
                        "a/b/c",
                        List.of("spec.signerName: Invalid value: \"a/b/c\": must be a fully qualified domain and path"
                                + " of the form 'example.com/signer-name'")),
                Arguments.of(
                        "example/signer",
                        List.of("spec.signerName: Invalid value: \"example\": should be a domain with at least two"
                                + " segments separated by dots")),
                Arguments.of(
                        "Example.com/signer",
                        List.of("spec.signerName: Invalid value: \"Example.com\": validating label \"Example\": a"
                                + " lowercase RFC 1123 label must consist of lower case alphanumeric characters or"
                                + " '-', and must start and end with an alphanumeric character (e.g. 'my-name', "
                                + " or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")),
                Arguments.of(
                        "kubernetes.io/legacy-unknown",
                        List.of("spec.signerName: Invalid value: \"kubernetes.io/legacy-unknown\": the legacy"
                                + " signerName is not allowed via this API version")));
    }

    @ParameterizedTest(name = "signerName \"{0}\"")
    @MethodSource("signerNames")
    void signerNamesAreQualified(String signer, List<String> expected) throws Exception {
        assertThat(messages(csr(signer, "[\"client auth\"]"), null)).isEqualTo(expected);
    }

    @Test
    void requestsThatAreNotPemCertificateRequestsAreInvalid() {
        assertThat(CertificateSigningRequestValidator.requestError(TestCertificates.base64("junk")))
                .isEqualTo("PEM block type must be CERTIFICATE REQUEST");
        assertThat(CertificateSigningRequestValidator.requestError("%%%"))
                .isEqualTo("PEM block type must be CERTIFICATE REQUEST");
        assertThat(CertificateSigningRequestValidator.requestError(TestCertificates.base64(
                        "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n")))
                .startsWith("asn1: structure error");
    }

    @Test
    void usagesMustBeKnownAndDistinct() throws Exception {
        assertThat(messages(csr("example.com/s", "[\"client auth\",\"client auth\",\"flying\"]"), null))
                .containsExactly(
                        "spec.usages[1]: Duplicate value: \"client auth\"",
                        "spec.usages[2]: Unsupported value: \"flying\": supported values: \"any\", \"cert sign\","
                                + " \"client auth\", \"code signing\", \"content commitment\", \"crl sign\", \"data"
                                + " encipherment\", \"decipher only\", \"digital signature\", \"email protection\","
                                + " \"encipher only\", \"ipsec end system\", \"ipsec tunnel\", \"ipsec user\", \"key"
                                + " agreement\", \"key encipherment\", \"microsoft sgc\", \"netscape sgc\", \"ocsp"
                                + " signing\", \"s/mime\", \"server auth\", \"signing\", \"timestamping\"");
    }

    @Test
    void approvedAndDeniedExcludeEachOtherAndOnlyApprovalSetsThem() throws Exception {
        ObjectNode old = csr("example.com/s", "[\"client auth\"]");
        ObjectNode both = old.deepCopy();
        both.putObject("status")
                .putArray("conditions")
                .addObject()
                .put("type", "Approved")
                .put("status", "True");
        ((com.fasterxml.jackson.databind.node.ArrayNode) both.at("/status/conditions"))
                .addObject()
                .put("type", "Denied")
                .put("status", "True");
        Causes causes = new Causes();
        validator.validateSubresource("approval", both, old, causes);
        assertThat(causes.toList())
                .extracting(c -> c.getField() + ": " + c.getMessage())
                .containsExactly("status.conditions[1].type: Invalid value: \"Denied\": Approved and Denied conditions"
                        + " are mutually exclusive");

        ObjectNode falseApproval = old.deepCopy();
        falseApproval
                .putObject("status")
                .putArray("conditions")
                .addObject()
                .put("type", "Approved")
                .put("status", "False");
        Causes onApproval = new Causes();
        validator.validateSubresource("approval", falseApproval, old, onApproval);
        assertThat(onApproval.toList())
                .extracting(c -> c.getField() + ": " + c.getMessage())
                .containsExactly(
                        "status.conditions[0].status: Unsupported value: \"False\": supported values: \"True\"");

        ObjectNode approved = old.deepCopy();
        approved.putObject("status")
                .putArray("conditions")
                .addObject()
                .put("type", "Approved")
                .put("status", "True");
        Causes onStatus = new Causes();
        validator.validateStatus(approved, old, onStatus);
        assertThat(onStatus.toList())
                .extracting(c -> c.getField() + ": " + c.getMessage())
                .containsExactly("status.conditions: Forbidden: updates may not add a condition of type \"Approved\"");
    }
}
