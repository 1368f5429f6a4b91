package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.certificates.TestCertificates;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * certificates.k8s.io CertificateSigningRequests on a real API server: the requester comes from
 * the request's user (system:anonymous over plain HTTP), never from the body; malformed requests
 * are refused with Kubernetes' field errors; the real {@code kubectl certificate approve|deny}
 * writes the approval subresource; a certificate goes into status only once approved.
 */
class CertificateSigningRequestIntegrationTest {

    private static final String CSRS = "/apis/certificates.k8s.io/v1/certificatesigningrequests";

    private static ApiServerInstance server;
    private static KubeHttp http;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        server = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String csr(String name, String request, String signer, String usages, String extraSpec) {
        return """
                {"apiVersion":"certificates.k8s.io/v1","kind":"CertificateSigningRequest",
                 "metadata":{"name":"%s"},
                 "spec":{"request":"%s","signerName":"%s","usages":%s%s}}
                """.formatted(name, request, signer, usages, extraSpec);
    }

    private static String nodeCsr(String name) {
        return csr(
                name,
                TestCertificates.request("system:node:n1", List.of("system:nodes")),
                "kubernetes.io/kube-apiserver-client-kubelet",
                "[\"digital signature\",\"client auth\"]",
                "");
    }

    @Test
    void theRequesterIsTheAuthenticatedUserNotWhatTheBodyClaims() {
        KubeHttp.Reply created = http.post(
                CSRS,
                csr(
                        "spoofed",
                        TestCertificates.request("system:node:n1", List.of("system:nodes")),
                        "kubernetes.io/kube-apiserver-client-kubelet",
                        "[\"digital signature\",\"client auth\"]",
                        ",\"username\":\"system:admin\",\"groups\":[\"system:masters\"]"));
        assertThat(created.code()).isEqualTo(201);
        JsonNode spec = created.body().path("spec");
        assertThat(spec.path("username").asText()).isEqualTo("system:anonymous");
        assertThat(spec.path("groups").toString()).isEqualTo("[\"system:unauthenticated\"]");
        assertThat(created.body().path("status").toString()).isEqualTo("{}");

        // An update cannot rewrite the requester either: the stored spec stays.
        ObjectNode changed = created.body().deepCopy();
        ((ObjectNode) changed.path("spec")).put("username", "system:admin");
        KubeHttp.Reply updated = http.put(CSRS + "/spoofed", changed.toString());
        assertThat(updated.code()).isEqualTo(200);
        assertThat(updated.body().at("/spec/username").asText()).isEqualTo("system:anonymous");
    }

    @Test
    void malformedRequestsAreRefusedWithKubernetesFieldErrors() {
        KubeHttp.Reply garbage = http.post(
                CSRS,
                csr("garbage", TestCertificates.base64("not a pem"), "example.com/signer", "[\"client auth\"]", ""));
        assertThat(garbage.code()).isEqualTo(422);
        assertThat(garbage.body().path("message").asText())
                .contains("spec.request: Invalid value:")
                .contains("PEM block type must be CERTIFICATE REQUEST");

        KubeHttp.Reply badSigner = http.post(
                CSRS,
                csr(
                        "bad-signer",
                        TestCertificates.request("someone", List.of()),
                        "not-a-signer",
                        "[\"client auth\",\"client auth\",\"flying\"]",
                        ""));
        assertThat(badSigner.code()).isEqualTo(422);
        String message = badSigner.body().path("message").asText();
        assertThat(message)
                .contains("spec.signerName: Invalid value: \"not-a-signer\": must be a fully qualified domain and"
                        + " path of the form 'example.com/signer-name'")
                .contains("spec.usages[1]: Duplicate value: \"client auth\"")
                .contains("spec.usages[2]: Unsupported value: \"flying\"");

        KubeHttp.Reply noSigner =
                http.post(CSRS, csr("no-signer", TestCertificates.request("someone", List.of()), "", "[]", ""));
        assertThat(noSigner.code()).isEqualTo(422);
        assertThat(noSigner.body().path("message").asText())
                .contains("spec.signerName: Required value")
                .contains("spec.usages: Required value");

        KubeHttp.Reply shortLived = http.post(
                CSRS,
                csr(
                        "short",
                        TestCertificates.request("someone", List.of()),
                        "example.com/signer",
                        "[\"client auth\"]",
                        ",\"expirationSeconds\":60"));
        assertThat(shortLived.code()).isEqualTo(422);
        assertThat(shortLived.body().path("message").asText())
                .contains("spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 600"
                        + " seconds (10 minutes)");
    }

    @Test
    void kubectlApprovesAndDeniesAndTheTwoExcludeEachOther() {
        assertThat(http.post(CSRS, nodeCsr("to-approve")).code()).isEqualTo(201);
        assertThat(http.post(CSRS, nodeCsr("to-deny")).code()).isEqualTo(201);
        Kubectl kubectl = Kubectl.against(server.baseUrl(), work);

        Kubectl.Result approve = kubectl.run("certificate", "approve", "to-approve");
        assertThat(approve.exitCode()).as(approve.stderr()).isZero();
        assertThat(approve.out()).isEqualTo("certificatesigningrequest.certificates.k8s.io/to-approve approved");
        JsonNode approved = http.get(CSRS + "/to-approve").body();
        JsonNode condition = approved.at("/status/conditions/0");
        assertThat(condition.path("type").asText()).isEqualTo("Approved");
        assertThat(condition.path("status").asText()).isEqualTo("True");
        assertThat(condition.path("reason").asText()).isEqualTo("KubectlApprove");
        assertThat(condition.path("lastUpdateTime").asText()).isNotEmpty();
        assertThat(condition.path("lastTransitionTime").asText()).isNotEmpty();

        Kubectl.Result deny = kubectl.run("certificate", "deny", "to-deny");
        assertThat(deny.exitCode()).as(deny.stderr()).isZero();
        assertThat(http.get(CSRS + "/to-deny")
                        .body()
                        .at("/status/conditions/0/type")
                        .asText())
                .isEqualTo("Denied");

        Kubectl.Result denyApproved = kubectl.run("certificate", "deny", "to-approve");
        assertThat(denyApproved.exitCode()).isNotZero();
        assertThat(denyApproved.stderr()).contains("certificate signing request \"to-approve\" is already Approved");
        // kubectl checks that itself; the API server refuses it too.
        ObjectNode both = http.get(CSRS + "/to-approve").body().deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) both.at("/status/conditions"))
                .addObject()
                .put("type", "Denied")
                .put("status", "True");
        KubeHttp.Reply refused = http.put(CSRS + "/to-approve/approval", both.toString());
        assertThat(refused.code()).isEqualTo(422);
        assertThat(refused.body().path("message").asText())
                .contains("status.conditions[1].type: Invalid value: \"Denied\": Approved and Denied conditions are"
                        + " mutually exclusive");

        Kubectl.Result listed = kubectl.run("get", "csr", "to-approve", "to-deny");
        assertThat(listed.exitCode()).as(listed.stderr()).isZero();
        List<String> lines = listed.out().lines().toList();
        assertThat(lines.get(0).split("\\s+"))
                .containsExactly("NAME", "AGE", "SIGNERNAME", "REQUESTOR", "REQUESTEDDURATION", "CONDITION");
        assertThat(lines.get(1).split("\\s+"))
                .startsWith("to-approve")
                .endsWith("kubernetes.io/kube-apiserver-client-kubelet", "system:anonymous", "<none>", "Approved");
        assertThat(lines.get(2).split("\\s+")).startsWith("to-deny").endsWith("Denied");
    }

    @Test
    void theApprovalSubresourceTakesAMergePatchOfItsConditionsOnly() {
        assertThat(http.post(CSRS, nodeCsr("patched")).code()).isEqualTo(201);

        KubeHttp.Reply patched = http.patch(CSRS + "/patched/approval", """
                {"metadata":{"labels":{"reviewed":"yes"}},
                 "spec":{"username":"system:admin"},
                 "status":{"certificate":"c29tZXRoaW5n",
                           "conditions":[{"type":"Approved","status":"True","reason":"ByPatch"}]}}
                """, "application/merge-patch+json");

        assertThat(patched.code()).as(patched.body().toString()).isEqualTo(200);
        assertThat(patched.body().at("/status/conditions/0/reason").asText()).isEqualTo("ByPatch");
        assertThat(patched.body().at("/status/certificate").isMissingNode()).isTrue();
        assertThat(patched.body().at("/spec/username").asText()).isEqualTo("system:anonymous");
        assertThat(patched.body().at("/metadata/labels/reviewed").asText()).isEqualTo("yes");
    }

    @Test
    void theCertificateGoesIntoStatusOnlyOnceApprovedAndOnlyAsPem() {
        assertThat(http.post(CSRS, nodeCsr("issued")).code()).isEqualTo(201);
        JsonNode pending = http.get(CSRS + "/issued").body();
        String certificate = TestCertificates.certificate("system:node:n1");

        KubeHttp.Reply early = http.put(CSRS + "/issued/status", withCertificate(pending, certificate));
        assertThat(early.code()).isEqualTo(422);
        assertThat(early.body().path("message").asText())
                .contains("status.certificate: Forbidden: may only be set once the request is approved");

        // Approval conditions cannot be written through status.
        ObjectNode selfApproved = pending.deepCopy();
        selfApproved
                .putObject("status")
                .putArray("conditions")
                .addObject()
                .put("type", "Approved")
                .put("status", "True");
        KubeHttp.Reply sneaky = http.put(CSRS + "/issued/status", selfApproved.toString());
        assertThat(sneaky.code()).isEqualTo(422);
        assertThat(sneaky.body().path("message").asText())
                .contains("status.conditions: Forbidden: updates may not add a condition of type \"Approved\"");

        ObjectNode approval = pending.deepCopy();
        approval.putObject("status")
                .putArray("conditions")
                .addObject()
                .put("type", "Approved")
                .put("status", "True")
                .put("reason", "Test");
        KubeHttp.Reply approved = http.put(CSRS + "/issued/approval", approval.toString());
        assertThat(approved.code()).as(approved.body().toString()).isEqualTo(200);

        JsonNode current = approved.body();
        KubeHttp.Reply notPem =
                http.put(CSRS + "/issued/status", withCertificate(current, TestCertificates.base64("junk")));
        assertThat(notPem.code()).isEqualTo(422);
        assertThat(notPem.body().path("message").asText())
                .contains("status.certificate: Invalid value: \"<certificate data>\": must contain at least one"
                        + " CERTIFICATE PEM block");

        KubeHttp.Reply issued = http.put(CSRS + "/issued/status", withCertificate(current, certificate));
        assertThat(issued.code()).as(issued.body().toString()).isEqualTo(200);
        assertThat(issued.body().at("/status/certificate").asText()).isEqualTo(certificate);
        assertThat(issued.body().at("/status/conditions/0/type").asText()).isEqualTo("Approved");

        KubeHttp.Reply replaced = http.put(
                CSRS + "/issued/status", withCertificate(issued.body(), TestCertificates.certificate("other")));
        assertThat(replaced.code()).isEqualTo(422);
        assertThat(replaced.body().path("message").asText())
                .contains("status.certificate: Forbidden: updates may not modify existing certificate content");
    }

    @Test
    void nonsenseInAnyFieldIsAClientErrorNeverAServerError() {
        List<String> bodies = List.of(
                "{\"apiVersion\":\"certificates.k8s.io/v1\",\"kind\":\"CertificateSigningRequest\","
                        + "\"metadata\":{\"name\":\"n1\"},\"spec\":\"x\"}",
                "{\"apiVersion\":\"certificates.k8s.io/v1\",\"kind\":\"CertificateSigningRequest\","
                        + "\"metadata\":{\"name\":\"n2\"},\"spec\":{\"request\":5,\"usages\":\"client auth\","
                        + "\"signerName\":[1],\"expirationSeconds\":\"long\"}}",
                "{\"apiVersion\":\"certificates.k8s.io/v1\",\"kind\":\"CertificateSigningRequest\","
                        + "\"metadata\":{\"name\":\"n3\"},\"spec\":{\"request\":\"%%%\",\"usages\":[null,{}]},"
                        + "\"status\":{\"conditions\":\"x\",\"certificate\":7}}");
        for (String body : bodies) {
            int code = http.post(CSRS, body).code();
            assertThat(code).as(body).isBetween(400, 499);
        }
        assertThat(http.post(CSRS, nodeCsr("target")).code()).isEqualTo(201);
        String resourceVersion = http.get(CSRS + "/target")
                .body()
                .at("/metadata/resourceVersion")
                .asText();
        for (String status : List.of(
                "\"x\"",
                "{\"conditions\":\"x\"}",
                "{\"conditions\":[\"x\",null,{\"type\":5}]}",
                "{\"certificate\":{\"a\":1}}")) {
            String body = "{\"apiVersion\":\"certificates.k8s.io/v1\",\"kind\":\"CertificateSigningRequest\","
                    + "\"metadata\":{\"name\":\"target\",\"resourceVersion\":\"" + resourceVersion + "\"},"
                    + "\"status\":" + status + "}";
            // Approval reads only the conditions: a malformed certificate there is ignored, not stored.
            assertThat(http.put(CSRS + "/target/approval", body).code())
                    .as(body)
                    .isLessThan(500);
            assertThat(http.put(CSRS + "/target/status", body).code()).as(body).isBetween(400, 499);
        }
        assertThat(http.get(CSRS + "/target")
                        .body()
                        .at("/metadata/resourceVersion")
                        .asText())
                .isEqualTo(resourceVersion);
    }

    private static String withCertificate(JsonNode csr, String certificate) {
        ObjectNode copy = csr.deepCopy();
        ObjectNode status = copy.get("status") instanceof ObjectNode s ? s : copy.putObject("status");
        status.put("certificate", certificate);
        return copy.toString();
    }
}
